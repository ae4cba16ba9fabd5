package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How consumer processes on RabbitMQ share work of unequal length: by time, not by count. */
class DispatchIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * Tasks of 2 s and 0.1 s in turn on two consumers of two threads: dealt out by count,
     * one consumer got every long task and the batch took twice its ideal (4 s and more);
     * by time, the long tasks spread over both (about 2.2 s).
     */
    @Test
    void longAndShortTasksInTurnSpreadOverBothConsumers() throws Exception {
        Path payloads = dir.resolve("unequal.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            lines.add(i % 2 == 0 ? "{\"ms\": 2000}" : "{\"ms\": 100}");
        }
        Files.write(payloads, lines);
        try (Deployment deployment = new Deployment("unequal")) {
            deployment.startConsumer("a", "--concurrency", "2");
            deployment.startConsumer("b", "--concurrency", "2");

            CliProcess.Result run = deployment.cli("submit", Duration.ofMinutes(2), "submit", "--type", "sleep",
                    "--payloads", payloads.toString(), "--join", "--json", "--quiet");

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode summary = JSON.readTree(run.out().strip().lines().reduce((a, b) -> b).orElseThrow());
            assertThat(summary.get("succeeded").asInt()).isEqualTo(8);
            assertThat(summary.get("perWorker")).hasSize(2);
            assertThat(summary.get("wallSeconds").asDouble()).as("four 2-s tasks on four threads, not two")
                    .isLessThan(3.5);
        }
    }

    /**
     * A consumer whose window grew on no-op tasks takes every long task that follows; once
     * it has measured them it hands back what it cannot start soon, and a consumer started
     * after that runs some. Dealt out by count, the second consumer got nothing.
     */
    @Test
    void aConsumerHandsBackWorkItCannotStartSoonToOneThatCameLater() throws Exception {
        Path noops = dir.resolve("noops.jsonl");
        Files.write(noops, Collections.nCopies(20, "{}"));
        Path sleeps = dir.resolve("sleeps.jsonl");
        Files.write(sleeps, Collections.nCopies(8, "{\"ms\": 3000}"));
        try (Deployment deployment = new Deployment("hand-back")) {
            ConsumerProcess first = deployment.startConsumer("first", "--concurrency", "1");
            CliProcess.Result warm = deployment.cli("noops", Duration.ofMinutes(1), "submit", "--type", "noop",
                    "--payloads", noops.toString(), "--chunk", "1", "--join", "--quiet");
            assertThat(warm.exitCode()).as(warm.err()).isZero();
            String batch = deployment.cli("sleeps", Duration.ofMinutes(1), "submit", "--type", "sleep",
                    "--payloads", sleeps.toString(), "--chunk", "1", "--quiet").out().strip();
            // Held, not started: its window grew on the no-ops (6 to 512 deliveries, by their measured time).
            CliAwait.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(JSON.readTree(deployment
                    .cli("status", Duration.ofSeconds(30), "status", "--json").out()).get("inFlight").asLong())
                    .isGreaterThan(1));
            // Started while the first still runs its 24 seconds of sleeps: what it hands back, this one runs.
            deployment.startConsumer("second", "--concurrency", "1");

            CliProcess.Result join = deployment.cli("join", Duration.ofMinutes(1), "join", batch, "--json");

            JsonNode summary = JSON.readTree(join.out());
            assertThat(summary.get("succeeded").asInt()).isEqualTo(8);
            assertThat(summary.get("duplicates").asInt()).isZero();
            assertThat(summary.get("perWorker")).as("both consumers ran sleeps").hasSize(2);
            assertThat(first.output()).contains("handed back");
        }
    }
}
