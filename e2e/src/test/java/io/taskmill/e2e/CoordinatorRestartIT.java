package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** join is a reading of the event log: killed half-way and run again, it ends with the same exact counts. */
class CoordinatorRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TASKS = 3_000;

    @TempDir
    Path dir;

    @Test
    void aJoinKilledHalfWayAndRunAgainGivesTheSameCounts() throws Exception {
        Path payloads = dir.resolve("sleep.jsonl");
        Files.write(payloads, Collections.nCopies(TASKS, "{\"ms\": 10}"));

        try (Deployment deployment = new Deployment("coordinator-restart")) {
            deployment.startConsumer("consumer", "--concurrency", "2", "--prefetch", "16");
            CliProcess.Result submit = deployment.cli("submit", Duration.ofMinutes(2),
                    "submit", "--type", "sleep", "--payloads", payloads.toString());
            String batch = submit.out().strip();

            // 3,000 tasks of 10 ms on two threads take about 15 s: kill the join well before.
            Process first = deployment.startCli("join-killed", "join", batch);
            Thread.sleep(4_000);
            assertThat(first.isAlive()).as("the first join is still waiting").isTrue();
            first.destroyForcibly().waitFor();
            assertThat(Files.readString(deployment.logDir().resolve("join-killed.out"))).isEmpty();

            CliProcess.Result second = deployment.cli("join-again", Duration.ofMinutes(3), "join", batch, "--json");
            CliProcess.Result third = deployment.cli("join-third", Duration.ofMinutes(1), "join", batch, "--json");

            assertThat(second.exitCode()).as(second.err()).isZero();
            JsonNode counts = JSON.readTree(second.out());
            assertThat(counts.get("succeeded").asLong()).isEqualTo(TASKS);
            assertThat(withoutRates(JSON.readTree(third.out()))).isEqualTo(withoutRates(counts));
        }
    }

    private static JsonNode withoutRates(JsonNode summary) {
        return ((ObjectNode) summary.deepCopy()).without("tasksPerSecond");
    }
}
