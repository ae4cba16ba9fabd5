package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.client.ChunkSizing;
import java.util.OptionalDouble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer killed with SIGKILL half-way through a 20,000-task batch, a new one started:
 * the join still ends with every task succeeded, none lost, redeliveries reported.
 */
class KillMidBatchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TASKS = 20_000;

    @TempDir
    Path dir;

    @Test
    void noTaskIsLostWhenAConsumerIsKilledHalfWay() throws Exception {
        Path payloads = dir.resolve("sleep.jsonl");
        Files.write(payloads, Collections.nCopies(TASKS, "{\"ms\": 1}"));

        try (Deployment deployment = new Deployment("kill-mid-batch")) {
            // The submit packs 100 tasks to a message (200 in all); a window of one message a thread keeps most
            // of them in the queue, so that its depth says how far the batch is.
            ConsumerProcess victim = deployment.startConsumer("victim", "--concurrency", "8", "--prefetch", "8");
            deployment.startConsumer("survivor", "--concurrency", "8", "--prefetch", "8");

            CliProcess.Result submit = deployment.cli("submit", Duration.ofMinutes(3),
                    "submit", "--type", "sleep", "--payloads", payloads.toString());
            assertThat(submit.exitCode()).as(submit.err()).isZero();
            String batch = submit.out().strip();

            // Two fresh consumers of 8 threads that have not run the type yet: the count rule alone.
            long messages = TASKS / new ChunkSizing(OptionalDouble.empty(), 16).perMessage(TASKS);
            Process join = deployment.startCli("join", "join", batch, "--json", "--timeout", "5m");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> queueDepth(deployment) <= messages / 2);
            victim.kill();
            deployment.startConsumer("replacement", "--concurrency", "8", "--prefetch", "8");

            assertThat(join.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            JsonNode summary = JSON.readTree(Files.readString(deployment.logDir().resolve("join.out")));
            assertThat(join.exitValue()).as(summary.toString()).isZero();
            assertThat(summary.get("total").asLong()).isEqualTo(TASKS);
            assertThat(summary.get("succeeded").asLong()).isEqualTo(TASKS);
            assertThat(summary.get("missing").asLong()).isZero();
            assertThat(summary.get("duplicates").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(summary.get("perWorker").fieldNames()).toIterable()
                    .as("the killed consumer had done part of the batch").anyMatch(id -> id.endsWith("/" + victim.pid()));
            long finals = 0;
            for (JsonNode count : summary.get("perWorker")) {
                finals += count.asLong();
            }
            assertThat(finals).as("each task counts once, for the worker of its final outcome").isEqualTo(TASKS);
            System.out.printf("kill -9 half-way: %d tasks, %d duplicate deliveries, %.1f s%n", TASKS,
                    summary.get("duplicates").asLong(), summary.get("wallSeconds").asDouble());
        }
    }

    private static long queueDepth(Deployment deployment) throws Exception {
        CliProcess.Result status = deployment.cli("status", Duration.ofSeconds(30), "status", "--json");
        return JSON.readTree(status.out()).get("ready").asLong();
    }
}
