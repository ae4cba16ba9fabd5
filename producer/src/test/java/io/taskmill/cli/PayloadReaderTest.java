package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.taskmill.task.TaskCodec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadReaderTest {

    private final PayloadReader reader = new PayloadReader(new TaskCodec().mapper(), TaskCodec.DEFAULT_MAX_BYTES);

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
    void aBadPayloadIsNamedByColumnAndJacksonsMessageWithoutItsSource() {
        assertThatThrownBy(() -> reader.parseOne("{\"a\":1", "--payload"))
                .hasMessage("--payload: not JSON at column 7 (Unexpected end-of-input: expected close marker for "
                        + "Object (opened at column 1))");
        assertThatThrownBy(() -> reader.parseOne("{\"a\": tru}", "f line 2"))
                .hasMessageStartingWith("f line 2: not JSON at column ").hasMessageContaining("Unrecognized token 'tru'")
                .hasMessageNotContaining("Source");
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

    @Test
    void aFifoIsReadOnceAndKeptForTheSecondPass() throws Exception {
        Path fifo = Fifos.make(dir.resolve("payloads"));
        Thread writer = Fifos.write(fifo, 10);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            List<Long> seen = new ArrayList<>();
            try (PayloadReader.Checked checked = reader.check(fifo.toString())) {
                assertThat(checked.count()).isEqualTo(10);
                assertThat(checked.temporary()).isTrue();
                reader.forEach(checked, payload -> seen.add(payload.json().get("n").asLong()));
            }
            assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        });
        writer.join();
    }

    @Test
    void aDirectoryIsNotAFileOfPayloads() {
        assertThatThrownBy(() -> reader.check(dir.toString()))
                .hasMessage(dir + " is a directory, not a file of JSON lines");
    }

    @Test
    void aPayloadThatWouldNotFitItsMessageIsRefusedInTheFirstPass() throws Exception {
        PayloadReader small = new PayloadReader(new TaskCodec().mapper(), 1_000);
        String fits = "{\"s\":\"" + "\u20ac".repeat(300) + "\"}";
        String over = "{\"s\":\"" + "\u20ac".repeat(400) + "\"}";
        Path file = Files.write(dir.resolve("big.jsonl"), List.of("{}", fits, over), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> small.check(file.toString()))
                .hasMessage(file + " line 3: the payload encodes to 1208 bytes, over the 1000 a task's message "
                        + "leaves for it");
        assertThat(small.parseOne(fits, "--payload").get("s").asText()).hasSize(300);
    }

    private static long countSpooled() throws Exception {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(file -> file.getFileName().toString().startsWith("taskmill-stdin-")).count();
        }
    }
}
