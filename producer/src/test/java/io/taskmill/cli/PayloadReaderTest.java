package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskmill.task.TaskCodec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadReaderTest {

    private final PayloadReader reader = new PayloadReader(new TaskCodec().mapper());

    @TempDir
    Path dir;

    @Test
    void aFileIsCheckedWholeThenReadAgainInOrder() throws Exception {
        Path file = Files.write(dir.resolve("p.jsonl"), List.of("{\"n\": 1}", "", "{\"n\": 2}", "{\"n\": 3}"));
        List<Long> seen = new ArrayList<>();
        try (PayloadReader.Checked checked = reader.check(file.toString())) {
            assertThat(checked.count()).isEqualTo(3);
            reader.forEach(checked, payload -> seen.add(payload.json().get("n").asLong()));
        }
        assertThat(seen).containsExactly(1L, 2L, 3L);
        assertThat(file).exists();
    }

    @Test
    void aBadLineAnywhereIsAnErrorNamingIt() throws Exception {
        Path file = Files.write(dir.resolve("bad.jsonl"), List.of("{}", "{}", "[1]"));
        assertThatThrownBy(() -> reader.check(file.toString()))
                .hasMessage(file + " line 3: a payload must be a JSON object, like {\"n\": 10}");
    }

    @Test
    void standardInputIsKeptInATemporaryFileUntilClosed() {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream("{\"n\": 7}\n{\"n\": 8}\n".getBytes(StandardCharsets.UTF_8)));
        try (PayloadReader.Checked checked = reader.check("-")) {
            assertThat(checked.count()).isEqualTo(2);
            assertThat(checked.file()).exists();
            List<Long> seen = new ArrayList<>();
            reader.forEach(checked, payload -> seen.add(payload.json().get("n").asLong()));
            assertThat(seen).containsExactly(7L, 8L);
            checked.close();
            assertThat(checked.file()).doesNotExist();
        } finally {
            System.setIn(before);
        }
    }

    @Test
    void aBadLineOnStandardInputLeavesNoTemporaryFile() throws Exception {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream("{}\nnot json\n".getBytes(StandardCharsets.UTF_8)));
        try {
            long spooled = countSpooled();
            assertThatThrownBy(() -> reader.check("-")).hasMessageStartingWith("- line 2: not JSON");
            assertThat(countSpooled()).isEqualTo(spooled);
        } finally {
            System.setIn(before);
        }
    }

    private static long countSpooled() throws Exception {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(file -> file.getFileName().toString().startsWith("taskmill-stdin-")).count();
        }
    }
}
