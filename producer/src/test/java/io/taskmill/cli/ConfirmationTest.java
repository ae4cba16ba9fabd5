package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfirmationTest {

    @ParameterizedTest(name = "''{0}'' grants: {1}")
    @CsvSource({"y, true", "YES, true", "' yes ', true", "n, false", "'', false", "yep, false"})
    void onlyYesGoesAhead(String answer, boolean granted) {
        StringWriter prompt = new StringWriter();
        assertThat(Confirmation.ask(new BufferedReader(new StringReader(answer + "\n")), new PrintWriter(prompt),
                "drop them?")).isEqualTo(granted);
        assertThat(prompt).hasToString("drop them? [y/N] ");
    }

    @Test
    void anEndOfInputIsNo() {
        assertThat(Confirmation.ask(new BufferedReader(new StringReader("")), new PrintWriter(new StringWriter()),
                "drop them?")).isFalse();
    }

    /** Tests run without a terminal, as scripts do: they are not asked. */
    @Test
    void withoutATerminalOrWithYesNothingIsAsked() {
        assertThat(Confirmation.granted("drop them?", false)).isTrue();
        assertThat(Confirmation.granted("drop them?", true)).isTrue();
    }
}
