package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.transport.nats.NatsTestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflows from {@code taskmill run FILE}, fired by consumer processes: a three-step chain,
 * a fan-out whose size comes from the step before and its fan-in, each failure policy, and a
 * workflow cancelled while its first step runs; {@code workflow show} says each step's state.
 */
class WorkflowsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void onRabbitMq() throws Exception {
        try (Deployment deployment = new Deployment("workflows")) {
            workflowsRunAsTheirFilesSay(deployment);
        }
    }

    @Test
    void onNats() throws Exception {
        try (Deployment deployment = new Deployment("workflows-nats", NatsTestBroker.uri())) {
            workflowsRunAsTheirFilesSay(deployment);
        }
    }

    private void workflowsRunAsTheirFilesSay(Deployment deployment) throws Exception {
        LoggingFleet fleet = new LoggingFleet(deployment, dir);
        for (int i = 0; i < 2; i++) {
            fleet.start("consumer-" + i, "--concurrency", "4", "--max-attempts", "1");
        }

        JsonNode chain = run(deployment, "chain", 0, "{\"type\": \"double\", \"payload\": 3}, {\"type\": \"double\"}, "
                + "{\"type\": \"double\"}");
        assertThat(chain.get("steps")).hasSize(3).allSatisfy(step -> assertThat(step.get("succeeded").asLong())
                .isEqualTo(1));
        assertThat(result(deployment, chain.at("/steps/2/batch").asText()).asLong()).as("3, doubled three times")
                .isEqualTo(24);

        JsonNode fan = run(deployment, "fan", 0, "{\"type\": \"upto\", \"payload\": 5}, "
                + "{\"type\": \"double\", \"input\": \"each\"}, {\"type\": \"tally\", \"input\": \"summary\"}");
        assertThat(fan.at("/steps/1/total").asLong()).as("the fan-out's size, from the step before").isEqualTo(5);
        assertThat(result(deployment, fan.at("/steps/2/batch").asText()).get("succeeded").asLong()).isEqualTo(5);

        JsonNode stopped = run(deployment, "stop", 1, "{\"type\": \"fail\"}, {\"type\": \"double\"}");
        assertThat(stopped.get("steps")).hasSize(1);
        assertThat(stopped.get("stopped").asText()).contains("1 of 1 tasks of batch").contains("always fails");
        JsonNode shown = show(deployment, stopped.get("workflow").asText());
        assertThat(shown.at("/steps/0/state").asText()).isEqualTo("failed");
        assertThat(shown.at("/steps/1/state").asText()).isEqualTo("stopped");
        assertThat(shown.at("/steps/1/stopped").asText()).contains("always fails");
        assertThat(shown.at("/steps/1/type").asText()).isEqualTo("double");

        JsonNode continued = run(deployment, "continue", 0, "{\"type\": \"fail\", \"payloads\": [{}, {}]}, "
                + "{\"type\": \"tally\", \"input\": \"summary\", \"onFailure\": \"continue\"}");
        JsonNode handed = result(deployment, continued.at("/steps/1/batch").asText());
        assertThat(handed.get("failed").asLong()).as("the failures handed to the callback").isEqualTo(2);
        assertThat(handed.at("/failures/0/error").asText()).contains("always fails");

        Path sleeper = Files.writeString(dir.resolve("sleeper.json"), "{\"steps\": [{\"type\": \"work\", "
                + "\"payload\": {\"ms\": 60000}}, {\"type\": \"double\"}]}");
        CliProcess.Result started = deployment.cli("run-sleeper", Duration.ofMinutes(1), "run", sleeper.toString());
        assertThat(started.exitCode()).as(started.err()).isZero();
        String workflow = started.out().strip();
        await().atMost(Duration.ofMinutes(1)).until(() -> fleet.executions().stream()
                .anyMatch(line -> line.startsWith(workflow + ":0 ")));
        CliProcess.Result cancel = deployment.cli("cancel", Duration.ofMinutes(1), "cancel", workflow);
        assertThat(cancel.exitCode()).as(cancel.err()).isZero();
        CliAwait.await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            JsonNode now = show(deployment, workflow);
            assertThat(now.at("/steps/0/state").asText()).isEqualTo("cancelled");
            assertThat(now.at("/steps/1/state").asText()).isEqualTo("stopped");
            assertThat(now.at("/steps/1/stopped").asText()).isEqualTo("workflow " + workflow + " was cancelled");
        });
    }

    private JsonNode run(Deployment deployment, String name, int exit, String steps) throws Exception {
        Path file = Files.writeString(dir.resolve(name + ".json"), "{\"steps\": [" + steps + "]}");
        CliProcess.Result run = deployment.cli("run-" + name, Duration.ofMinutes(3), "run", file.toString(), "--join",
                "--json", "--quiet");
        assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(exit);
        return JSON.readTree(run.out());
    }

    private static JsonNode show(Deployment deployment, String workflow) throws Exception {
        CliProcess.Result show = deployment.cli("show", Duration.ofMinutes(1), "workflow", "show", workflow, "--json");
        assertThat(show.exitCode()).as(show.err()).isZero();
        return JSON.readTree(show.out());
    }

    /** The result of a batch's one task, as join --results gives it. */
    private static JsonNode result(Deployment deployment, String batch) throws Exception {
        CliProcess.Result join = deployment.cli("join-" + batch, Duration.ofMinutes(1), "join", batch, "--results", "-",
                "--json", "--quiet");
        assertThat(join.exitCode()).as(join.err()).isZero();
        return JSON.readTree(join.out().strip().split("\n")[0]).get("result");
    }
}
