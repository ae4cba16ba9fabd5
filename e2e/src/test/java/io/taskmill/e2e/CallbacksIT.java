package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.transport.nats.NatsTestBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow of 1,000 tasks and a callback given their summary, run by consumer processes of
 * which two are killed with -9 mid-batch, while no client, join or coordinator runs: the
 * callback runs exactly once, over every task, on every broker.
 */
class CallbacksIT {

    private static final int TASKS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void onRabbitMq() throws Exception {
        try (Deployment deployment = new Deployment("callbacks")) {
            aCallbackOverAThousandTasksRunsOnceWhileConsumersAreKilled(deployment);
        }
    }

    @Test
    void onNats() throws Exception {
        try (Deployment deployment = new Deployment("callbacks-nats", NatsTestBroker.uri())) {
            aCallbackOverAThousandTasksRunsOnceWhileConsumersAreKilled(deployment);
        }
    }

    private void aCallbackOverAThousandTasksRunsOnceWhileConsumersAreKilled(Deployment deployment) throws Exception {
        LoggingFleet fleet = new LoggingFleet(deployment, dir);
        List<ConsumerProcess> consumers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            consumers.add(fleet.start("consumer-" + i, "--concurrency", "4"));
        }
        Path workflow = dir.resolve("workflow.json");
        Files.writeString(workflow, "{\"steps\": [{\"type\": \"work\", \"payloads\": ["
                + String.join(",", Collections.nCopies(TASKS, "{\"ms\": 50}")) + "]},"
                + "{\"type\": \"tally\", \"input\": \"summary\", \"onFailure\": \"continue\"}]}");

        CliProcess.Result run = deployment.cli("run", Duration.ofMinutes(2), "run", workflow.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String first = run.out().strip();

        // Nothing of the client runs from here on: the workers alone finish the batch and fire its callback.
        for (int killed = 0; killed < 2; killed++) {
            long atLeast = (killed + 1) * TASKS / 3L;
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> fleet.executions().size() >= atLeast);
            consumers.get(killed).kill();
            consumers.add(fleet.start("consumer-" + consumers.size(), "--concurrency", "4"));
        }
        await().atMost(Duration.ofMinutes(4)).until(() -> !callbackRuns(fleet, first).isEmpty());
        String callback = callbackRuns(fleet, first).get(0).split(" ")[0];
        String callbackBatch = callback.substring(0, callback.lastIndexOf(':'));

        CliProcess.Result joined = deployment.cli("join-callback", Duration.ofMinutes(2), "join", callbackBatch,
                "--results", "-", "--json", "--quiet");
        assertThat(joined.exitCode()).as(joined.err()).isZero();
        String[] out = joined.out().strip().split("\n");
        JsonNode counts = JSON.readTree(out[0]).get("result");
        assertThat(counts.get("batch").asText()).isEqualTo(first);
        assertThat(counts.get("total").asLong()).isEqualTo(TASKS);
        assertThat(counts.get("succeeded").asLong()).as("the callback was given every task's outcome")
                .isEqualTo(TASKS);
        assertThat(JSON.readTree(out[out.length - 1]).get("duplicates").asLong()).isZero();

        CliProcess.Result batch = deployment.cli("join-first", Duration.ofMinutes(2), "join", first, "--json",
                "--quiet");
        assertThat(JSON.readTree(batch.out()).get("succeeded").asLong()).isEqualTo(TASKS);
        assertThat(callbackRuns(fleet, first)).as("the callback ran exactly once").hasSize(1);
        System.out.printf("%s: %d executions of %d tasks through two kill -9, callback once%n",
                deployment.broker().replaceFirst("://.*@", "://"), fleet.executions().size() - 1, TASKS);
    }

    /** Executions of a task outside the first batch: the callback's. */
    private static List<String> callbackRuns(LoggingFleet fleet, String first) throws IOException {
        return fleet.executions().stream().filter(line -> !line.startsWith(first + ":")).toList();
    }
}
