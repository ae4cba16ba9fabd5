package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.testing.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A consumer's start, graceful stop and refusal to start, as an operator sees them. */
class ConsumerLifecycleIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sigtermFinishesRunningTasksAcksThemAndExitsZero() throws Exception {
        Path payloads = dir.resolve("slow.jsonl");
        Files.write(payloads, Collections.nCopies(6, "{\"ms\": 1500}"));
        try (Deployment deployment = new Deployment("sigterm")) {
            ConsumerProcess consumer = deployment.startConsumer("draining", "--concurrency", "2", "--prefetch", "6");
            String batch = deployment.cli("submit", Duration.ofMinutes(1),
                    "submit", "--type", "sleep", "--payloads", payloads.toString()).out().strip();
            Thread.sleep(500);

            assertThat(consumer.terminate(Duration.ofSeconds(30))).isZero();
            List<String> lines = consumer.output().lines().toList();
            assertThat(lines).anyMatch(line -> line.contains("started worker") && line.contains("amqp://guest:***@"));
            assertThat(lines).anyMatch(line -> line.contains("stopped worker") && line.contains("after 2 tasks"));
            assertThat(consumer.output()).doesNotContain("guest:guest");

            deployment.startConsumer("finisher", "--concurrency", "4");
            CliProcess.Result join = deployment.cli("join", Duration.ofMinutes(1), "join", batch, "--json");
            JsonNode summary = JSON.readTree(join.out());
            assertThat(summary.get("succeeded").asLong()).isEqualTo(6);
            assertThat(summary.get("duplicates").asLong()).as("drained tasks were acked, not redelivered").isZero();
        }
    }

    @Test
    void workersListsTheLiveFleetByItsHeartbeatsAndDropsAWorkerThatStopped() throws Exception {
        try (Deployment deployment = new Deployment("workers")) {
            ConsumerProcess one = deployment.startConsumer("one", "--concurrency", "1");
            deployment.startConsumer("two", "--concurrency", "3");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode fleet = workers(deployment);
                assertThat(fleet).hasSize(2);
                assertThat(fleet).allSatisfy(worker -> {
                    assertThat(worker.get("queue").asText()).isEqualTo("default");
                    assertThat(worker.get("state").asText()).isEqualTo("RUNNING");
                    assertThat(worker.get("types").toString()).contains("\"sha512\"");
                    assertThat(worker.get("host").asText()).isNotBlank();
                });
                assertThat(List.of(fleet.get(0).get("concurrency").asInt(), fleet.get(1).get("concurrency").asInt()))
                        .containsExactlyInAnyOrder(1, 3);
            });
            CliProcess.Result ran = deployment.cli("submit", Duration.ofMinutes(1), "submit", "--type", "sleep",
                    "--payload", "{\"ms\": 20}", "--join");
            assertThat(ran.exitCode()).as(ran.err()).isZero();
            // Every worker says how long each type ran on it, in its next heartbeat.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(workers(deployment))
                    .anySatisfy(worker -> assertThat(worker.get("meanMs").has("sleep")).isTrue())
                    .allSatisfy(worker -> assertThat(worker.get("busy").asInt()).isZero()));
            assertThat(one.terminate(Duration.ofSeconds(30))).isZero();
            // Its last heartbeat says it stopped: it leaves the list at once, not after the silence.
            JsonNode after = workers(deployment);
            assertThat(after).hasSize(1);
            assertThat(after.get(0).get("concurrency").asInt()).isEqualTo(3);
            String table = deployment.cli("workers-table", Duration.ofSeconds(30), "workers").out();
            assertThat(table).contains("1 live worker").contains("RUNNING").contains("MEAN RUN TIME");
        }
    }

    /** The live workers, one JSON object a line, as an array. */
    private static JsonNode workers(Deployment deployment) throws Exception {
        var fleet = JSON.createArrayNode();
        for (String line : deployment.cli("workers", Duration.ofSeconds(30), "workers", "--json").out().strip()
                .lines().toList()) {
            fleet.add(JSON.readTree(line));
        }
        return fleet;
    }

    @Test
    void aConsumerThatCannotReachItsBrokerSaysSoInOneLine() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Jars.java(), "-jar", Jars.consumer().toString(),
                "--broker", "amqp://guest@127.0.0.1:1").redirectErrorStream(true);
        builder.environment().put("TASKMILL_BROKER_PASSWORD", "hunter2");
        Process process = builder.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.exitValue()).isEqualTo(69);
        assertThat(output).startsWith("taskmill-consumer: cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:1")
                .doesNotContain("hunter2").doesNotContain("\n");
    }

    @Test
    void aPasswordTypedInTheBrokerUriIsWarnedAboutAndNeverShown() throws Exception {
        Process process = new ProcessBuilder(Jars.java(), "-jar", Jars.consumer().toString(),
                "--broker", "amqp://guest:hunter2@127.0.0.1:1").redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new String(process.getInputStream().readAllBytes()).strip().lines().toList();
        assertThat(process.exitValue()).isEqualTo(69);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("WARN").contains("the broker URI on the command line holds a password");
        assertThat(lines.get(1)).startsWith("taskmill-consumer: cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:1");
        assertThat(String.join("\n", lines)).doesNotContain("hunter2");
    }

    @Test
    void statusShowsTheQueueAndItsConsumers() throws Exception {
        try (Deployment deployment = new Deployment("status")) {
            deployment.startConsumer("one", "--concurrency", "1");
            CliAwait.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode status = JSON.readTree(deployment.cli("status", Duration.ofSeconds(30), "status", "--json").out());
                assertThat(status.get("queue").asText()).isEqualTo("default");
                assertThat(status.get("consumers").asInt()).isEqualTo(1);
                assertThat(status.get("workers").asInt()).as("live by its heartbeat").isEqualTo(1);
                assertThat(status.get("deadLettered").asLong()).isZero();
            });
        }
        assertThat(TestBroker.uri()).isNotBlank();
    }
}
