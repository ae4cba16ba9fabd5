package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.BatchPublisher;
import io.taskmill.client.ClientOptions;
import io.taskmill.client.TaskmillClient;
import io.taskmill.e2e.FaultyBroker.Alarm;
import io.taskmill.e2e.FaultyBroker.Fault;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Capabilities;
import io.taskmill.transport.Capability;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fault suite, one contract for every broker (as {@code TransportContractTest} is for
 * the SPI): every confirmed task reaches a final state exactly once in the tally, whatever
 * fails. Real consumer JVMs on a broker of the suite's own, one oracle (lost = |P − C − D|
 * = 0) for every scenario. A broker's suite extends it with how to start, kill, restart and
 * cut off its broker ({@link FaultyBroker}); a row a broker cannot run is written to the
 * table with the reason, from its {@link FaultyBroker#cannot()} (checked against its
 * transport's {@link Capabilities} where they speak of it), and reported as not run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FaultContract {

    private static final String WORK = FaultScenarios.WORK;

    private final FaultTable table = new FaultTable();
    private FaultyBroker broker;
    private Capabilities capabilities;
    private Path plugins;

    /** Starts the suite's own broker. */
    protected abstract FaultyBroker startBroker() throws Exception;

    /** Where the table goes, under {@code target/}. */
    protected abstract String tableFile();

    @BeforeAll
    void startTheBroker() throws Exception {
        broker = startBroker();
        try (Transport transport = Transports.open(BrokerAddress.parse(broker.uri()), Topology.defaults())) {
            capabilities = transport.capabilities();
        }
        plugins = Files.createDirectories(Path.of("target", "fault-plugins").toAbsolutePath());
        Files.copy(Jars.faultTasks(), plugins.resolve("fault-tasks.jar"), StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    void stopTheBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        table.write(Path.of("target", tableFile()));
    }

    private FaultScenario scenario(String name, String... options) throws Exception {
        String query = Arrays.stream(options).filter(option -> !option.isEmpty()).collect(Collectors.joining("&"));
        return new FaultScenario(name, broker.uri() + (query.isEmpty() ? "" : "?" + query), plugins);
    }

    private FaultScenario.FaultRow record(FaultScenario.FaultRow row) {
        return table.record(row);
    }

    /** The steps of a scenario that makes a row of the table. */
    @FunctionalInterface
    private interface Steps {
        FaultScenario.FaultRow run(FaultScenario scenario) throws Exception;
    }

    /** Runs a scenario whose steps are all in {@link FaultScenarios}, and records its row. */
    private void row(String name, String options, Steps steps) throws Exception {
        try (FaultScenario s = scenario(name, options)) {
            record(steps.run(s));
        }
    }

    /**
     * Goes on if the broker can be put through a fault; when it cannot, the table says why and
     * the test is reported as not run, with the reason: never skipped in silence, never green.
     */
    private void requireThat(Fault fault, String scenario) {
        Optional.ofNullable(broker.cannot().get(fault)).ifPresent(reason -> notRunHere(scenario, reason));
    }

    /** Goes on unless this broker leaves the row, whose fault is not the broker's, to the one-node suite. */
    private void requireWorkerRowsHere(String scenario) {
        broker.workerRowsElsewhere().ifPresent(reason -> notRunHere(scenario, reason));
    }

    private void notRunHere(String scenario, String reason) {
        table.notRun(scenario, reason);
        Assumptions.abort(scenario + " is not run on this broker: " + reason);
    }

    @Test
    void killMinus9OfAWorkerMidBatch() throws Exception {
        row("kill -9 of a worker mid-batch", broker.quickRedelivery(), FaultScenarios::killMinus9OfAWorkerMidBatch);
    }

    @Test
    void aKillStorm() throws Exception {
        requireWorkerRowsHere("kill storm");
        try (FaultScenario s = scenario("kill storm", broker.quickRedelivery())) {
            List<ConsumerProcess> fleet = new ArrayList<>(List.of(s.consumer(), s.consumer(), s.consumer()));
            String batch = s.submit("work", "{\"ms\": 4}", 3_000);
            Process join = s.startJoin(batch, "join");
            Random random = new Random(11);
            for (int round = 0; round < 4 && join.isAlive(); round++) {
                // The fault is the pace of the kills: a worker dies every 2.5 s while the batch runs.
                Thread.sleep(2_500);
                fleet.remove(random.nextInt(fleet.size())).kill();
                fleet.add(s.consumer());
            }
            record(s.finish(join, "join", batch));
        }
    }

    @Test
    void aCrashAfterTheCompletionIsConfirmedButBeforeTheAck() throws Exception {
        requireWorkerRowsHere("crash between completion and ack");
        row("crash between completion and ack", broker.quickRedelivery(),
                FaultScenarios::crashBetweenCompletionAndAck);
    }

    @Test
    void theProducerKilledMidSubmitAndResumed() throws Exception {
        requireWorkerRowsHere("producer killed mid-submit, resumed");
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
            // Killed while it publishes, not before: the fault is a producer dying with a batch half out.
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
        row("broker graceful restart", broker.quickRedelivery(), s -> FaultScenarios.midBatch(s, broker::gracefulRestart));
    }

    /**
     * A broker killed with -9 can keep messages already acked (NATS kept them below its
     * consumer's ack floor), which status then counted as ready for good: every task is final
     * here, so nothing is ready.
     */
    @Test
    void aHardBrokerKillAndStart() throws Exception {
        try (FaultScenario s = scenario("broker hard kill and start", broker.quickRedelivery())) {
            record(FaultScenarios.midBatch(s, broker::hardKillAndStart));
            CliAwait.await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                CliProcess.Result status = s.deployment().cli("status", Duration.ofSeconds(30), "status", "--json");
                assertThat(status.exitCode()).as(status.err()).isZero();
                assertThat(new ObjectMapper().readTree(status.out()).get("ready").asLong()).isZero();
            });
        }
    }

    @Test
    void everyConnectionDropped() throws Exception {
        String name = "every connection dropped, the broker up";
        requireThat(Fault.DROP_CONNECTIONS, name);
        row(name, broker.quickRedelivery(), s -> FaultScenarios.midBatch(s, broker::dropEveryConnection));
    }

    /**
     * 30 s: long enough for the cut-off node to notice and stop, the others to go on without
     * it; tasks of 150 ms leave work for the processes that were on it (about 28 s in all).
     */
    @Test
    void aNodeCutOffFromTheOthers() throws Exception {
        String name = "a node cut off for 30 s, healed";
        requireThat(Fault.CUT_OFF, name);
        row(name, broker.quickRedelivery(),
                s -> FaultScenarios.midBatch(s, 150, () -> broker.cutOffFor(Duration.ofSeconds(30))));
    }

    @Test
    void theWorkQueueDeletedUnderARunningFleet() throws Exception {
        try (FaultScenario s = scenario("work queue deleted under a running fleet")) {
            List<ConsumerProcess> fleet = List.of(s.consumer(), s.consumer());
            Topology topology = s.deployment().topology();
            // Running is a state of the broker's, not the consumers' start lines (see awaitConsumers).
            broker.awaitConsumers(topology, "default", fleet.size());
            broker.deleteWorkQueue(topology, "default");
            // Each consumer notices, and subscribes again, declaring the queue anew.
            String again = "subscribed to " + broker.subscriptionName(topology, "default") + " again";
            await().atMost(Duration.ofMinutes(1)).until(() -> fleet.stream().allMatch(c -> output(c).contains(again)));
            String batch = s.submit("work", WORK, 500);
            FaultScenario.FaultRow row = record(s.finish(s.startJoin(batch, "join"), "join", batch));
            assertThat(row.summary().get("perWorker").size()).as("both consumers took tasks again").isEqualTo(2);
            assertThat(fleet).allMatch(ConsumerProcess::alive);
        }
    }

    @Test
    void aJoinWhoseEventLogCannotBeReadAgainFailsLoudly() throws Exception {
        requireThat(Fault.EVENT_LOG_DELETED_UNDER_A_JOIN, "event log gone under a join");
        try (FaultScenario s = scenario("event log gone under a join", "recovery-timeout=5s")) {
            String batch = s.submit("work", WORK, 10);
            Process join = s.startJoinAndWait(batch, "join");
            broker.deleteLog(s.deployment().topology(), Logs.EVENTS);
            boolean ended = join.waitFor(2, TimeUnit.MINUTES);
            String err = Files.readString(s.deployment().logDir().resolve("join.err"));
            // Seen under load: the join printed why it failed and its process did not end; its threads say where.
            assertThat(ended).as(() -> "the join ends by itself; it printed " + err + "\nits threads:\n"
                    + ThreadDump.of(join)).isTrue();
            assertThat(join.exitValue()).as(err).isEqualTo(69);
            List<String> lines = err.strip().lines().toList();
            assertThat(lines.get(lines.size() - 1)).startsWith("taskmill: cannot follow the event log any more");
        }
    }

    @Test
    void aConsumerWhoseControlLogCannotBeReadAgainExitsForItsSupervisor() throws Exception {
        try (FaultScenario s = scenario("control log gone under a consumer", "recovery-timeout=5s")) {
            ConsumerProcess consumer = s.consumer();
            broker.deleteLog(s.deployment().topology(), Logs.CONTROL);
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
        alarm("memory alarm", Alarm.MEMORY);
    }

    @Test
    void aDiskAlarm() throws Exception {
        alarm("disk alarm", Alarm.DISK);
    }

    private void alarm(String name, Alarm alarm) throws Exception {
        assertThat(capabilities.has(Capability.FLOW_CONTROL)).as("a broker that can raise alarms tells publishers")
                .isEqualTo(!broker.cannot().containsKey(Fault.ALARMS));
        requireThat(Fault.ALARMS, name);
        try (FaultScenario s = scenario(name)) {
            s.consumer();
            broker.raise(alarm);
            Process submit = s.deployment().startCli("submit-blocked", "submit", "--type", "work", "--payloads",
                    s.payloads(WORK, 500).toString());
            Path err = s.deployment().logDir().resolve("submit-blocked.err");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(err).contains("paused publishing"));
            // The alarm lasts: the submit must still be waiting, not failed, 3 s on.
            Thread.sleep(3_000);
            assertThat(submit.isAlive()).as("publishing waits while the alarm lasts").isTrue();
            broker.clear(alarm);
            assertThat(submit.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(submit.exitValue()).isZero();
            assertThat(Files.readString(err)).contains("resumed publishing");
            String batch = Files.readString(s.deployment().logDir().resolve("submit-blocked.out")).strip();
            record(s.finish(s.startJoin(batch, "join"), "join", batch));
        }
    }

    /**
     * Poison every broker carries (an unknown type, another version, a field missing, too
     * deep, garbage, a payload not UTF-8), and a message over the codec's limit where the
     * broker takes one that large.
     */
    @Test
    void aBatchSaltedWithPoison() throws Exception {
        requireWorkerRowsHere("batch salted with poison");
        try (FaultScenario s = scenario("batch salted with poison")) {
            TaskCodec codec = new TaskCodec();
            String batch = BatchId.create(Instant.now());
            int valid = 200;
            List<byte[]> poison = new ArrayList<>();
            for (String text : FaultScenarios.commonPoison(codec, batch, valid)) {
                poison.add(text.getBytes(StandardCharsets.UTF_8));
            }
            byte[] notUtf8 = FaultScenarios.envelope(codec, batch, valid + 4, "work").replace("\"payload\":{}",
                    "\"payload\":{\"s\":\"XX\"}").getBytes(StandardCharsets.UTF_8);
            int at = new String(notUtf8, StandardCharsets.UTF_8).indexOf("XX");
            notUtf8[at] = (byte) 0xff;
            notUtf8[at + 1] = (byte) 0xfe;
            poison.add(notUtf8);
            String oversized = "{\"v\":1,\"id\":\"" + batch + ":" + (valid + 5) + "\",\"payload\":\""
                    + "x".repeat(TaskCodec.DEFAULT_MAX_BYTES) + "\"}";
            if (capabilities.maxMessageBytes() > oversized.length()) {
                poison.add(oversized.getBytes(StandardCharsets.UTF_8));
            }
            try (Transport transport = Transports.open(BrokerAddress.parse(broker.uri()), s.deployment().topology())) {
                FaultScenarios.publishWork(transport, codec, batch, valid);
                int n = 0;
                for (byte[] message : poison) {
                    transport.workQueue("default").publish(message, "poison-" + n++).get(30, TimeUnit.SECONDS);
                }
                // Every poison message but the garbage is a task of the batch.
                transport.log(Logs.EVENTS).append(codec.encode(BatchSealed.of(batch, valid + poison.size() - 1,
                        System.currentTimeMillis()))).get(30, TimeUnit.SECONDS);
            }
            ConsumerProcess consumer = s.consumer();
            FaultScenario.FaultRow row = record(s.finish(s.startJoin(batch, "join"), "join", batch));
            // Garbage has no id: it is dead-lettered, but no task of the batch.
            assertThat(row.summary().get("failed").asLong()).as("the poison tasks of the batch")
                    .isEqualTo(poison.size() - 1);
            assertThat(row.summary().get("succeeded").asLong()).isEqualTo(valid);
            List<JsonNode> dead = s.deadLetters();
            assertThat(dead).hasSize(poison.size())
                    .allSatisfy(entry -> assertThat(entry.get("reason").asText()).isEqualTo("poison"));
            assertThat(consumer.alive()).as("poison never crashes a worker").isTrue();
        }
    }

    @Test
    void aHandlerThatFailsTwiceThenSucceeds() throws Exception {
        requireWorkerRowsHere("handler fails twice, then succeeds");
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
        requireWorkerRowsHere("handler always throws");
        row("handler always throws", "", FaultScenarios::handlerAlwaysThrows);
    }

    @Test
    void aHandlerThatHangsPastItsLimit() throws Exception {
        requireWorkerRowsHere("handler hangs past its limit");
        // The delivery limit is the broker's: it goes in the broker URI of every process.
        try (FaultScenario s = scenario("handler hangs past its limit", "delivery-limit=3", broker.quickRedelivery())) {
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
                // A supervisor's poll: how soon a wedged worker is replaced, not a wait for a state.
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
        requireWorkerRowsHere("coordinator killed, join re-run");
        row("coordinator killed, join re-run", "", FaultScenarios::coordinatorKilledAndRejoined);
    }

    @Test
    void aPublishToADeletedQueueIsRetriedNotDropped() throws Exception {
        try (FaultScenario s = scenario("publish to a deleted queue")) {
            Topology topology = s.deployment().topology();
            ClientOptions options = ClientOptions.remote(BrokerAddress.parse(broker.uri()), topology, "default");
            String batch;
            try (TaskmillClient client = TaskmillClient.connect(options)) {
                BatchPublisher warmUp = client.openBatch();
                warmUp.submit("work", JsonNodeFactory.instance.objectNode().put("ms", 0));
                warmUp.seal();
                // The queue goes away behind the producer's back: its next publishes find no queue.
                broker.deleteWorkQueue(topology, "default");
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

    @Test
    void aTaskRunningLongerThanTheDeliveryTimeoutRunsOnce() throws Exception {
        String name = "tasks running 3 x longer than the delivery timeout";
        requireThat(Fault.DELIVERY_TIMEOUT, name);
        // Times far shorter than a deployment's (a 30-min timeout, leases after 10 s), with seconds to spare still:
        // a lease is a log entry and a copy, each confirmed by a quorum on a cluster.
        // 6 s: a CI run under load had each worker's first hand-off on the three-node cluster take 3.2 s (its lease
        // entry and its copy each confirmed by a quorum of containers on busy cores; later ones 0.2 s), past a 4-s
        // timeout less the 1.2 s before it.
        try (FaultScenario s = scenario(name, broker.deliveryTimeout(6))) {
            // A deployment that ever delayed or retried a task has its delay ladder (on RabbitMQ 38 queues, a second
            // or more to make, and a lease's copy goes through it): made first, so that the timeout meets leases.
            CliProcess.Result delayed = s.deployment().cli("delayed", Duration.ofMinutes(1), "submit", "--type", "noop",
                    "--payload", "{}", "--delay", "1s", "--quiet");
            assertThat(delayed.exitCode()).as(delayed.err()).isZero();
            // Under a third of the timeout: on a broker that times a held delivery out, a worker leases its task by then.
            s.consumer("--concurrency", "2", "--lease-after", "1200ms");
            s.consumer("--concurrency", "2", "--lease-after", "1200ms");
            String batch = s.submit("work", "{\"ms\": 18000}", 8);
            FaultScenario.FaultRow row = record(s.finish(s.startJoin(batch, "join"), "join", batch));
            assertThat(row.summary().get("succeeded").asLong()).isEqualTo(8);
            assertThat(row.oracle().executions()).as("no task redelivered while it ran").isEqualTo(8);
            assertThat(row.summary().get("duplicates").asLong()).isZero();
        } finally {
            broker.endDeliveryTimeout();
        }
    }
}
