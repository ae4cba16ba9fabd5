package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Sha512SumFileTest {

    @Test
    void namesAreEscapedAsCoreutilsDoes() {
        assertThat(Sha512SumFile.format(new Sha512SumFile.Line("ab", "/x/plain name")))
                .isEqualTo("ab  /x/plain name\n");
        assertThat(Sha512SumFile.format(new Sha512SumFile.Line("ab", "/x/a\\b\nc")))
                .isEqualTo("\\ab  /x/a\\\\b\\nc\n");
    }
}
