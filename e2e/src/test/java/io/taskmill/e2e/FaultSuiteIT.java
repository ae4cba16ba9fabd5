package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.BatchPublisher;
import io.taskmill.client.ClientOptions;
import io.taskmill.client.TaskmillClient;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every confirmed task reaches a final state exactly once in the tally, whatever fails.
 * Real consumer JVMs on a broker of the suite's own; one oracle (lost = |P − C − D| = 0)
 * for every scenario; the table goes to {@code target/fault-suite.md}.
 */
class FaultSuiteIT {

    private static final String WORK = FaultScenarios.WORK;
    private static final FaultTable TABLE = new FaultTable();
    private static FaultBroker broker;
    private static Path plugins;

    @BeforeAll
    static void startBroker() throws Exception {
        DockerRequirement.require("FaultSuiteIT");
        broker = new FaultBroker();
        plugins = Files.createDirectories(Path.of("target", "fault-plugins").toAbsolutePath());
        Files.copy(Jars.faultTasks(), plugins.resolve("fault-tasks.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    static void writeTable() throws Exception {
        if (broker != null) {
            broker.close();
        }
        TABLE.write(Path.of("target", "fault-suite.md"));
    }

    private static FaultScenario scenario(String name) throws Exception {
        return new FaultScenario(name, broker.uri(), plugins);
    }

    private static FaultScenario.FaultRow record(FaultScenario.FaultRow row) {
        return TABLE.record(row);
    }

    @Test
    void killMinus9OfAWorkerMidBatch() throws Exception {
        try (FaultScenario s = scenario("kill -9 of a worker mid-batch")) {
            record(FaultScenarios.killMinus9OfAWorkerMidBatch(s));
        }
    }

    @Test
    void aKillStorm() throws Exception {
        try (FaultScenario s = scenario("kill storm")) {
            List<ConsumerProcess> fleet = new ArrayList<>(List.of(s.consumer(), s.consumer(), s.consumer()));
            String batch = s.submit("work", "{\"ms\": 4}", 3_000);
            Process join = s.startJoin(batch, "join");
            Random random = new Random(11);
            for (int round = 0; round < 4 && join.isAlive(); round++) {
                Thread.sleep(2_500);
                fleet.remove(random.nextInt(fleet.size())).kill();
                fleet.add(s.consumer());
            }
            record(s.finish(join, "join", batch));
        }
    }

    @Test
    void aCrashAfterTheCompletionIsConfirmedButBeforeTheAck() throws Exception {
        try (FaultScenario s = scenario("crash between completion and ack")) {
            record(FaultScenarios.crashBetweenCompletionAndAck(s));
        }
    }

    @Test
    void theProducerKilledMidSubmitAndResumed() throws Exception {
        try (FaultScenario s = scenario("producer killed mid-submit, resumed")) {
            s.consumer();
            s.consumer();
            Path payloads = s.payloads("{\"ms\": 0}", 20_000);
            // A message per task makes the first submit slow enough to be killed half-way; the resumed one
            // packs them as usual, and its tasks keep their ids.
            Process first = s.deployment().startCli("submit-killed", "submit", "--type", "work", "--payloads",
                    payloads.toString(), "--chunk", "1");
            Path err = s.deployment().logDir().resolve("submit-killed.err");
            await().atMost(Duration.ofMinutes(1)).until(() -> Files.exists(err) && Files.readString(err).contains("publishing"));
            Thread.sleep(700);
            first.destroyForcibly().waitFor();
            String line = Files.readString(err).lines().filter(l -> l.contains("publishing")).findFirst().orElseThrow();
            String batch = line.replaceAll(".*batch (\\S+): publishing.*", "$1");
            assertThat(Files.readString(s.deployment().logDir().resolve("submit-killed.out"))).as("never sealed").isEmpty();

            CliProcess.Result resumed = s.deployment().cli("submit-resumed", Duration.ofMinutes(3), "submit",
                    "--type", "work", "--payloads", payloads.toString(), "--batch", batch);
            assertThat(resumed.exitCode()).as(resumed.err()).isZero();
            record(s.finish(s.startJoin(batch, "join"), "join", batch));
        }
    }

    @Test
    void aGracefulBrokerRestart() throws Exception {
        midBatch("broker graceful restart", broker::gracefulRestart);
    }

    @Test
    void aHardBrokerKillAndStart() throws Exception {
        midBatch("broker hard kill and start", broker::hardKillAndStart);
    }

    @Test
    void closeAllConnections() throws Exception {
        midBatch("rabbitmqctl close_all_connections", () -> broker.rabbitmqctl("close_all_connections", "fault suite"));
    }

    private void midBatch(String name, FaultScenarios.BrokerFault fault) throws Exception {
        try (FaultScenario s = scenario(name)) {
            record(FaultScenarios.midBatch(s, fault));
        }
    }

    @Test
    void theWorkQueueDeletedUnderARunningFleet() throws Exception {
        try (FaultScenario s = scenario("work queue deleted under a running fleet")) {
            List<ConsumerProcess> fleet = List.of(s.consumer(), s.consumer());
            broker.rabbitmqctl("delete_queue", s.deployment().topology().workQueue("default"));
            // Each consumer hears the broker cancel it and subscribes again, declaring the queue anew.
            await().atMost(Duration.ofMinutes(1)).until(() -> fleet.stream().allMatch(c -> output(c)
                    .contains("subscribed to queue " + s.deployment().topology().workQueue("default") + " again")));
            String batch = s.submit("work", WORK, 500);
            FaultScenario.FaultRow row = record(s.finish(s.startJoin(batch, "join"), "join", batch));
            assertThat(row.summary().get("perWorker").size()).as("both consumers took tasks again").isEqualTo(2);
            assertThat(fleet).allMatch(ConsumerProcess::alive);
        }
    }

    @Test
    void aJoinWhoseEventLogCannotBeReadAgainFailsLoudly() throws Exception {
        try (FaultScenario s = new FaultScenario("event log gone under a join", broker.uri() + "?recovery-timeout=5s",
                plugins)) {
            String batch = s.submit("work", WORK, 10);
            Process join = s.startJoinAndWait(batch, "join");
            broker.rabbitmqctl("delete_queue", s.deployment().topology().eventLog());
            assertThat(join.waitFor(2, TimeUnit.MINUTES)).as("the join ends by itself").isTrue();
            String err = Files.readString(s.deployment().logDir().resolve("join.err"));
            assertThat(join.exitValue()).as(err).isEqualTo(69);
            List<String> lines = err.strip().lines().toList();
            assertThat(lines.get(lines.size() - 1)).startsWith("taskmill: cannot follow the event log any more");
        }
    }

    @Test
    void aConsumerWhoseControlLogCannotBeReadAgainExitsForItsSupervisor() throws Exception {
        try (FaultScenario s = new FaultScenario("control log gone under a consumer",
                broker.uri() + "?recovery-timeout=5s", plugins)) {
            ConsumerProcess consumer = s.consumer();
            broker.rabbitmqctl("delete_queue", s.deployment().topology().controlLog());
            await().atMost(Duration.ofMinutes(2)).until(() -> !consumer.alive());
            assertThat(consumer.exitCode()).as(consumer.output()).isEqualTo(69);
            assertThat(consumer.output()).contains("stopping this worker, exit code 69");
        }
    }

    private static String output(ConsumerProcess consumer) {
        try {
            return consumer.output();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void aMemoryAlarm() throws Exception {
        alarm("memory alarm", new String[] {"set_vm_memory_high_watermark", "0"},
                new String[] {"set_vm_memory_high_watermark", "0.4"});
    }

    @Test
    void aDiskAlarm() throws Exception {
        alarm("disk alarm", new String[] {"set_disk_free_limit", "100000000000000"},
                new String[] {"set_disk_free_limit", "50000000"});
    }

    private void alarm(String name, String[] raise, String[] clear) throws Exception {
        try (FaultScenario s = scenario(name)) {
            s.consumer();
            broker.rabbitmqctl(raise);
            Process submit = s.deployment().startCli("submit-blocked", "submit", "--type", "work", "--payloads",
                    s.payloads(WORK, 500).toString());
            Path err = s.deployment().logDir().resolve("submit-blocked.err");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(err).contains("paused publishing"));
            Thread.sleep(3_000);
            assertThat(submit.isAlive()).as("publishing waits while the alarm lasts").isTrue();
            broker.rabbitmqctl(clear);
            assertThat(submit.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(submit.exitValue()).isZero();
            assertThat(Files.readString(err)).contains("resumed publishing");
            String batch = Files.readString(s.deployment().logDir().resolve("submit-blocked.out")).strip();
            record(s.finish(s.startJoin(batch, "join"), "join", batch));
        }
    }

    @Test
    void aBatchSaltedWithPoison() throws Exception {
        try (FaultScenario s = scenario("batch salted with poison")) {
            TaskCodec codec = new TaskCodec();
            String batch = BatchId.create(Instant.now());
            int valid = 200;
            try (Transport transport = Transports.open(BrokerAddress.parse(broker.uri()), s.deployment().topology())) {
                FaultScenarios.publishWork(transport, codec, batch, valid);
                // Beside the poison every transport carries: too large for any message, and a payload not UTF-8.
                String oversized = "{\"v\":1,\"id\":\"" + batch + ":" + (valid + 4) + "\",\"payload\":\""
                        + "x".repeat(TaskCodec.DEFAULT_MAX_BYTES) + "\"}";
                byte[] notUtf8 = FaultScenarios.envelope(codec, batch, valid + 5, "work").replace("\"payload\":{}",
                        "\"payload\":{\"s\":\"XX\"}").getBytes(StandardCharsets.UTF_8);
                int at = new String(notUtf8, StandardCharsets.UTF_8).indexOf("XX");
                notUtf8[at] = (byte) 0xff;
                notUtf8[at + 1] = (byte) 0xfe;
                List<byte[]> poison = new ArrayList<>();
                for (String text : FaultScenarios.commonPoison(codec, batch, valid)) {
                    poison.add(text.getBytes(StandardCharsets.UTF_8));
                }
                poison.add(oversized.getBytes(StandardCharsets.UTF_8));
                poison.add(notUtf8);
                for (byte[] message : poison) {
                    transport.workQueue("default").publish(message, "poison").get(30, TimeUnit.SECONDS);
                }
                transport.events().append(codec.encode(BatchSealed.of(batch, valid + 6, System.currentTimeMillis())))
                        .get(30, TimeUnit.SECONDS);
            }
            ConsumerProcess consumer = s.consumer();
            FaultScenario.FaultRow row = record(s.finish(s.startJoin(batch, "join"), "join", batch));
            assertThat(row.summary().get("failed").asLong()).as("the six poison tasks of the batch").isEqualTo(6);
            assertThat(row.summary().get("succeeded").asLong()).isEqualTo(valid);
            List<JsonNode> dead = s.deadLetters();
            assertThat(dead).hasSize(7).allSatisfy(entry -> assertThat(entry.get("reason").asText()).isEqualTo("poison"));
            assertThat(consumer.alive()).as("poison never crashes a worker").isTrue();
        }
    }

    @Test
    void aHandlerThatFailsTwiceThenSucceeds() throws Exception {
        try (FaultScenario s = scenario("handler fails twice, then succeeds")) {
            s.consumer();
            String batch = s.submit("flaky", "{}", 40);
            FaultScenario.FaultRow row = record(s.finish(s.startJoin(batch, "join"), "join", batch));
            assertThat(row.summary().get("succeeded").asLong()).isEqualTo(40);
            assertThat(row.oracle().executions()).as("three attempts each").isEqualTo(120);
            assertThat(row.deadLettered()).isZero();
        }
    }

    @Test
    void aHandlerThatAlwaysThrows() throws Exception {
        try (FaultScenario s = scenario("handler always throws")) {
            record(FaultScenarios.handlerAlwaysThrows(s));
        }
    }

    @Test
    void aHandlerThatHangsPastItsLimit() throws Exception {
        // The delivery limit is a RabbitMQ option: it goes in the broker URI of every process.
        try (FaultScenario s = new FaultScenario("handler hangs past its limit", broker.uri() + "?delivery-limit=3",
                plugins)) {
            String[] flags = {"--concurrency", "1", "--hung-grace", "1s"};
            List<ConsumerProcess> fleet = new ArrayList<>(List.of(s.consumer(flags), s.consumer(flags)));
            String batch = s.submit("hang", "{\"ms\": 600000}", 2, "--time-limit", "1s");
            Process join = s.deployment().startCli("join", "join", batch, "--results",
                    s.deployment().logDir().resolve("join.results").toString(), "--json", "--timeout", "4m");
            int wedged = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (join.isAlive() && System.nanoTime() < deadline) {
                for (int i = 0; i < fleet.size(); i++) {
                    if (!fleet.get(i).alive()) {
                        assertThat(fleet.get(i).exitCode()).as("a wedged worker exits 75").isEqualTo(75);
                        wedged++;
                        fleet.set(i, s.consumer(flags));
                    }
                }
                Thread.sleep(200);
            }
            FaultScenario.FaultRow row = record(s.finish(join, "join", batch));
            assertThat(wedged).as("workers that stopped for a hung handler").isGreaterThanOrEqualTo(2);
            assertThat(row.deadLettered()).isEqualTo(2);
            assertThat(s.deadLetters())
                    .allSatisfy(entry -> assertThat(entry.get("reason").asText()).isEqualTo("redelivered"));
        }
    }

    @Test
    void theCoordinatorKilledAndJoinRunAgain() throws Exception {
        try (FaultScenario s = scenario("coordinator killed, join re-run")) {
            record(FaultScenarios.coordinatorKilledAndRejoined(s));
        }
    }

    @Test
    void anUnroutablePublishIsRetriedNotDropped() throws Exception {
        try (FaultScenario s = scenario("unroutable publish")) {
            Topology topology = s.deployment().topology();
            ClientOptions options = ClientOptions.remote(BrokerAddress.parse(broker.uri()), topology, "default");
            String batch;
            try (TaskmillClient client = TaskmillClient.connect(options)) {
                BatchPublisher warmUp = client.openBatch();
                warmUp.submit("work", JsonNodeFactory.instance.objectNode().put("ms", 0));
                warmUp.seal();
                // The queue goes away behind the producer's back: its next publishes come back unroutable.
                broker.rabbitmqctl("delete_queue", topology.workQueue("default"));
                BatchPublisher measured = client.openBatch();
                for (int i = 0; i < 100; i++) {
                    measured.submit("work", JsonNodeFactory.instance.objectNode().put("ms", 1));
                }
                measured.seal();
                batch = measured.id();
            }
            s.consumer();
            record(s.finish(s.startJoin(batch, "join"), "join", batch));
        }
    }
}
