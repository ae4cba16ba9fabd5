package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's embedded default: no broker given, everything in this JVM. */
class EmbeddedCliTest {

    @TempDir
    Path dir;

    @Test
    void digestWritesAFileThatSha512sumAccepts() throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub/deeper"));
        Files.writeString(tree.resolve("a.txt"), "alpha\n");
        Files.write(tree.resolve("sub/b.bin"), new byte[100_000]);
        Files.writeString(tree.resolve("sub/deeper/c with space.txt"), "gamma");
        Files.writeString(tree.resolve("sub/back\\slash.txt"), "delta");
        Files.createSymbolicLink(tree.resolve("link"), tree.resolve("a.txt"));
        Path output = dir.resolve("digests.sha512");

        CliRun run = CliRun.of("digest", tree.toString(), "--output", output.toString(), "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(4);
        assertThat(run.out()).contains("4 tasks, 4 succeeded, 0 failed");
        Process check = new ProcessBuilder("sha512sum", "-c", "--strict", output.toString())
                .redirectErrorStream(true).start();
        String checkOutput = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(checkOutput).isZero();
    }

    @Test
    void countRunsTheLectureExampleAndSummarisesAsJson() throws Exception {
        CliRun run = CliRun.of("count", "--n", "2000000", "--tasks", "4", "--json", "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(run.out());
        assertThat(summary.get("total").asLong()).isEqualTo(4);
        assertThat(summary.get("succeeded").asLong()).isEqualTo(4);
        assertThat(summary.get("duplicates").asLong()).isZero();
        assertThat(summary.get("exitCode").asInt()).isZero();
    }

    @Test
    void submitAndJoinOnANamedInProcessBrokerRunsTheTasksHere() throws Exception {
        CliRun run = CliRun.of("submit", "--type", "count", "--payload", "{\"n\": 1000}", "--broker", "mem://named",
                "--join", "--json", "--quiet", "--timeout", "1m");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(run.out().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(summary.get("succeeded").asLong()).isEqualTo(1);
    }

    /** Quiet is quiet: no "publishing" line; and one task is one task, not "1 tasks". */
    @Test
    void aQuietSubmitOfOneTaskSaysNothingOnStderrAndCountsItInTheSingular() throws Exception {
        CliRun run = CliRun.of("submit", "--type", "count", "--payload", "{\"n\": 1000}", "--broker", "mem://quiet",
                "--join", "--quiet", "--timeout", "1m");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains(": 1 task, 1 succeeded, 0 failed");

        CliRun loud = CliRun.of("submit", "--type", "count", "--payload", "{\"n\": 1000}", "--broker", "mem://loud",
                "--join", "--timeout", "1m");
        assertThat(loud.err()).contains(": publishing 1 task (trace ");
    }

    /** The summary says why tasks failed, and {@code submit --join --results} writes each outcome once. */
    @Test
    void aJoinedSubmitWritesItsResultsAndNamesItsFailures() throws Exception {
        Path present = Files.writeString(dir.resolve("present.txt"), "x");
        Path payloads = Files.write(dir.resolve("files.jsonl"), List.of(
                "{\"path\": \"" + present + "\"}", "{\"path\": \"" + dir.resolve("gone-1") + "\"}",
                "{\"path\": \"" + dir.resolve("gone-2") + "\"}"));
        Path results = dir.resolve("results.jsonl");
        CliRun run = CliRun.of("submit", "--type", "sha512", "--payloads", payloads.toString(), "--broker",
                "mem://results", "--join", "--results", results.toString(), "--quiet", "--timeout", "1m");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        String batch = run.out().lines().findFirst().orElseThrow();
        assertThat(run.out()).contains("failed: " + batch + ":1 after 1 attempt on ")
                .contains("failed: " + batch + ":2 after 1 attempt on ").contains("no such file");
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines).extracting(line -> line.get("id").asText() + " " + line.get("status").asText())
                .containsExactlyInAnyOrder(batch + ":0 succeeded", batch + ":1 failed", batch + ":2 failed");
    }

    @Test
    void resultsWithoutJoinAreRefusedBeforeAnythingIsPublished() {
        CliRun run = CliRun.of("submit", "--type", "noop", "--broker", "mem://unjoined", "--results", "r.jsonl");
        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("--results needs --join").doesNotContain("publishing");
    }

    @Test
    void submittedLinesArePackedIntoMessagesAndEachCountsAsATask() throws Exception {
        Path payloads = Files.write(dir.resolve("many.jsonl"), java.util.Collections.nCopies(5_000, "{\"n\": 10}"));
        for (String chunk : new String[] {"0", "1", "7"}) {
            CliRun run = CliRun.of("submit", "--type", "count", "--payloads", payloads.toString(), "--chunk", chunk,
                    "--broker", "mem://packed-" + chunk, "--join", "--json", "--quiet", "--timeout", "2m");

            assertThat(run.exitCode()).as(chunk + ": " + run.err()).isZero();
            JsonNode summary = new ObjectMapper().readTree(run.out().lines().reduce((a, b) -> b).orElseThrow());
            assertThat(summary.get("total").asLong()).as("--chunk " + chunk).isEqualTo(5_000);
            assertThat(summary.get("succeeded").asLong()).as("--chunk " + chunk).isEqualTo(5_000);
            assertThat(summary.get("duplicates").asLong()).isZero();
        }
    }

    @Test
    void payloadsFromAPipeAreEveryOnePublished() throws Exception {
        Path fifo = Fifos.make(dir.resolve("payloads"));
        Fifos.write(fifo, 10);
        CliRun run = assertTimeoutPreemptively(Duration.ofMinutes(1), () -> CliRun.of("submit", "--type", "noop",
                "--payloads", fifo.toString(), "--broker", "mem://piped", "--join", "--json", "--quiet"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(run.out().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(summary.get("total").asLong()).isEqualTo(10);
        assertThat(summary.get("succeeded").asLong()).isEqualTo(10);
    }

    @Test
    void timeoutsTakeEveryDurationForm() {
        for (String timeout : new String[] {"1m30s", "1.5m", "90s", "PT90S"}) {
            CliRun run = CliRun.of("count", "--n", "1000", "--tasks", "1", "--quiet", "--timeout", timeout);
            assertThat(run.exitCode()).as(timeout + ": " + run.err()).isZero();
        }
    }
}
