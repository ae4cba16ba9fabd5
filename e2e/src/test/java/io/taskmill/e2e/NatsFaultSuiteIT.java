package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import io.taskmill.transport.nats.NatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault oracle (lost = |P − C − D| = 0) on NATS JetStream: real consumer JVMs and a
 * {@code nats-server} of the suite's own, restarted and killed mid-batch. The table goes
 * to {@code target/nats-fault-suite.md}.
 */
class NatsFaultSuiteIT {

    private static final FaultTable TABLE = new FaultTable();
    private static NatsServer server;
    private static Path plugins;

    @BeforeAll
    static void startServer() throws Exception {
        server = new NatsServer(Path.of("target", "e2e-logs").toAbsolutePath());
        plugins = Files.createDirectories(Path.of("target", "fault-plugins").toAbsolutePath());
        Files.copy(Jars.faultTasks(), plugins.resolve("fault-tasks.jar"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    static void writeTable() throws Exception {
        if (server != null) {
            server.close();
        }
        TABLE.write(Path.of("target", "nats-fault-suite.md"));
    }

    private static FaultScenario scenario(String name) throws Exception {
        return scenario(name, "");
    }

    private static FaultScenario scenario(String name, String options) throws Exception {
        return new FaultScenario("nats " + name, server.uri() + options, plugins);
    }

    @Test
    void killMinus9OfAWorkerMidBatch() throws Exception {
        try (FaultScenario s = scenario("kill -9 of a worker mid-batch", "?ack-wait=3s")) {
            TABLE.record(FaultScenarios.killMinus9OfAWorkerMidBatch(s));
        }
    }

    @Test
    void aCrashAfterTheCompletionIsConfirmedButBeforeTheAck() throws Exception {
        try (FaultScenario s = scenario("crash between completion and ack", "?ack-wait=3s")) {
            TABLE.record(FaultScenarios.crashBetweenCompletionAndAck(s));
        }
    }

    @Test
    void aServerRestartMidBatch() throws Exception {
        midBatch("server restart (SIGTERM)", server::gracefulRestart);
    }

    /**
     * A server killed with -9 can keep messages its consumer had acked, below the ack floor, that no worker will ever
     * get: status counted them as ready for good. Every task is final here, so nothing is ready.
     */
    @Test
    void aServerKilledAndStartedMidBatch() throws Exception {
        try (FaultScenario s = scenario("server kill -9 and start", "?ack-wait=3s")) {
            TABLE.record(FaultScenarios.midBatch(s, server::hardKillAndStart));
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                CliProcess.Result status = s.deployment().cli("status", Duration.ofSeconds(30), "status", "--json");
                assertThat(status.exitCode()).as(status.err()).isZero();
                assertThat(new ObjectMapper().readTree(status.out()).get(0).get("ready").asLong()).isZero();
            });
        }
    }

    private void midBatch(String name, FaultScenarios.BrokerFault fault) throws Exception {
        try (FaultScenario s = scenario(name, "?ack-wait=3s")) {
            TABLE.record(FaultScenarios.midBatch(s, fault));
        }
    }

    @Test
    void aBatchSaltedWithPoison() throws Exception {
        try (FaultScenario s = scenario("batch salted with poison")) {
            TaskCodec codec = new TaskCodec();
            String batch = BatchId.create(Instant.now());
            int valid = 200;
            try (Transport transport = Transports.open(BrokerAddress.parse(server.uri()), s.deployment().topology())) {
                FaultScenarios.publishWork(transport, codec, batch, valid);
                int n = 0;
                for (String poison : FaultScenarios.commonPoison(codec, batch, valid)) {
                    transport.workQueue("default").publish(poison.getBytes(StandardCharsets.UTF_8), "poison-" + n++)
                            .get(30, TimeUnit.SECONDS);
                }
                transport.events().append(codec.encode(BatchSealed.of(batch, valid + 4, System.currentTimeMillis())))
                        .get(30, TimeUnit.SECONDS);
            }
            ConsumerProcess consumer = s.consumer();
            FaultScenario.FaultRow row = TABLE.record(s.finish(s.startJoin(batch, "join"), "join", batch));
            assertThat(row.summary().get("failed").asLong()).as("the four poison tasks of the batch").isEqualTo(4);
            assertThat(row.summary().get("succeeded").asLong()).isEqualTo(valid);
            assertThat(s.deadLetters()).hasSize(5)
                    .allSatisfy(entry -> assertThat(entry.get("reason").asText()).isEqualTo("poison"));
            assertThat(consumer.alive()).as("poison never crashes a worker").isTrue();
        }
    }

    @Test
    void aHandlerThatAlwaysThrows() throws Exception {
        try (FaultScenario s = scenario("handler always throws")) {
            TABLE.record(FaultScenarios.handlerAlwaysThrows(s));
        }
    }

    @Test
    void theCoordinatorKilledAndJoinRunAgain() throws Exception {
        try (FaultScenario s = scenario("coordinator killed, join re-run")) {
            TABLE.record(FaultScenarios.coordinatorKilledAndRejoined(s));
        }
    }

    @Test
    void aTaskRunningLongerThanTheAckWaitRunsOnce() throws Exception {
        try (FaultScenario s = scenario("tasks running 3 x longer than the ack wait", "?ack-wait=2s")) {
            s.consumer("--concurrency", "2");
            s.consumer("--concurrency", "2");
            String batch = s.submit("work", "{\"ms\": 6000}", 8);
            FaultScenario.FaultRow row = TABLE.record(s.finish(s.startJoin(batch, "join"), "join", batch));
            assertThat(row.summary().get("succeeded").asLong()).isEqualTo(8);
            assertThat(row.oracle().executions()).as("no task redelivered while it ran").isEqualTo(8);
            assertThat(row.summary().get("duplicates").asLong()).isZero();
        }
    }
}
