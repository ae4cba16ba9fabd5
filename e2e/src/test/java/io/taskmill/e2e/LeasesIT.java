package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.testing.TestBroker;
import io.taskmill.transport.nats.NatsTestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * Long tasks on RabbitMQ, which closes the channel of a consumer that holds a delivery past
 * its {@code consumer_timeout} and hands every delivery of it to another, and on NATS, whose
 * ack wait a stalled worker stops renewing: consumer processes lease such tasks, so that one
 * runs once while its worker lives, runs again within a bounded time when its worker dies,
 * and a holder that stalls past its lease finds its late report ignored.
 */
class LeasesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the consumers log when they lease a task, and when one takes a task over. */
    private static final String LEASED = "leased for";
    private static final String TOOK_OVER = "took task ";

    @TempDir
    Path dir;

    /** The case, the README's way: consumers with their defaults, a broker of its own with a 30-s timeout. */
    @Test
    void aTwoMinuteTaskOnARabbitMqWithAThirtySecondConsumerTimeoutRunsOnce() throws Exception {
        DockerRequirement.require("the consumer_timeout lease test");
        try (RabbitMQContainer broker = ContainerBroker.create()
                .withEnv("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-rabbit consumer_timeout 30000")) {
            broker.start();
            Container.ExecResult timeout = broker.execInContainer("rabbitmqctl", "eval",
                    "application:get_env(rabbit, consumer_timeout).");
            assertThat(timeout.getStdout()).as("the broker's acknowledgement timeout").contains("{ok,30000}");
            try (Deployment deployment = new Deployment("lease-two-minutes", ContainerBroker.uri(broker))) {
                LoggingFleet fleet = new LoggingFleet(deployment, dir);
                ConsumerProcess first = fleet.start("consumer-1");
                ConsumerProcess second = fleet.start("consumer-2");
                CliProcess.Result submit = deployment.cli("submit", Duration.ofMinutes(5), "submit", "--type", "work",
                        "--payload", "{\"ms\": 120000}", "--time-limit", "5m", "--join", "--json");
                assertThat(submit.exitCode()).as(submit.err()).isZero();
                JsonNode summary = JSON.readTree(submit.out());
                assertThat(summary.get("succeeded").asLong()).isEqualTo(1);
                assertThat(summary.get("duplicates").asLong()).isZero();
                assertThat(fleet.executions()).as("the task ran once").hasSize(1);
                String logs = first.output() + second.output();
                assertThat(logs).as("a worker leased the task").contains(LEASED)
                        .doesNotContain("acknowledgement").doesNotContain(TOOK_OVER);
            }
        }
    }

    @Test
    void onRabbitMqATaskWhoseHolderIsKilledIsTakenOverSoonAfterItsLeaseAndCountedOnce() throws Exception {
        try (Deployment deployment = new Deployment("lease-killed")) {
            aTaskWhoseHolderIsKilledIsTakenOverSoonAfterItsLeaseAndCountedOnce(deployment);
        }
    }

    @Test
    void onNatsATaskWhoseHolderIsKilledIsTakenOverSoonAfterItsLeaseAndCountedOnce() throws Exception {
        try (Deployment deployment = new Deployment("lease-killed-nats", NatsTestBroker.uri())) {
            aTaskWhoseHolderIsKilledIsTakenOverSoonAfterItsLeaseAndCountedOnce(deployment);
        }
    }

    private void aTaskWhoseHolderIsKilledIsTakenOverSoonAfterItsLeaseAndCountedOnce(Deployment deployment)
            throws Exception {
        Leased run = leasedWithATakerStandingBy(deployment, 15_000);
        ConsumerProcess taker = run.taker();
        run.holder().kill();
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> taker.output().contains(TOOK_OVER));
        Duration after = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf("a killed holder's task was taken over %d ms after the kill%n", after.toMillis());
        // A lease of 3 s, renewed every second, and its copy back half a second after it.
        assertThat(after).as("taken over within a lease and its grace").isLessThan(Duration.ofSeconds(10));

        JsonNode summary = join(deployment, run.batch());
        assertThat(summary.get("succeeded").asLong()).isEqualTo(1);
        assertThat(summary.get("duplicates").asLong()).isZero();
        assertThat(summary.get("perWorker").fieldNames()).toIterable().singleElement().asString()
                .endsWith("/" + taker.pid());
        assertThat(run.fleet().executions()).as("the killed run and the one that took over").hasSize(2);
        assertThat(taker.output()).contains("fencing token 1");
    }

    /**
     * A stalled holder's connection is closed by the broker once it misses its heartbeats
     * (2 s here): what it held, its own copy included, goes to the other consumer.
     */
    @Test
    void onRabbitMqAHolderThatStallsPastItsLeaseIsSupersededAndItsLateReportIgnored() throws Exception {
        try (Deployment deployment = new Deployment("lease-stalled", withOption(TestBroker.uri(), "heartbeat=2"))) {
            aHolderThatStallsPastItsLeaseIsSupersededAndItsLateReportIgnored(deployment);
        }
    }

    /** What a stalled holder pulled, its own copy included, comes back after the ack wait (3 s here). */
    @Test
    void onNatsAHolderThatStallsPastItsLeaseIsSupersededAndItsLateReportIgnored() throws Exception {
        try (Deployment deployment = new Deployment("lease-stalled-nats", withOption(NatsTestBroker.uri(),
                "ack-wait=3s"))) {
            aHolderThatStallsPastItsLeaseIsSupersededAndItsLateReportIgnored(deployment);
        }
    }

    private void aHolderThatStallsPastItsLeaseIsSupersededAndItsLateReportIgnored(Deployment deployment)
            throws Exception {
        Leased run = leasedWithATakerStandingBy(deployment, 12_000);
        ConsumerProcess holder = run.holder();
        ConsumerProcess taker = run.taker();
        String batch = run.batch();
        signal("STOP", holder);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> taker.output().contains(TOOK_OVER));
        } finally {
            signal("CONT", holder);
        }
        JsonNode summary = join(deployment, batch);
        assertThat(summary.get("succeeded").asLong()).isEqualTo(1);
        assertThat(summary.get("perWorker").fieldNames()).toIterable().singleElement().asString()
                .endsWith("/" + taker.pid());
        assertThat(run.fleet().executions()).hasSize(2);
        // The holder reports too, once it runs again (with its connection back): read, and not counted.
        CliAwait.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode again = join(deployment, batch);
            assertThat(again.get("duplicates").asLong()).as("the superseded holder's report").isEqualTo(1);
            assertThat(again.get("perWorker").fieldNames()).toIterable().singleElement().asString()
                    .endsWith("/" + taker.pid());
        });
    }

    /** A task of {@code ms} that one consumer leased, and another consumer started beside it. */
    private record Leased(LoggingFleet fleet, ConsumerProcess holder, ConsumerProcess taker, String batch) {
    }

    private Leased leasedWithATakerStandingBy(Deployment deployment, long ms) throws Exception {
        LoggingFleet fleet = new LoggingFleet(deployment, dir);
        ConsumerProcess holder = fleet.start("holder", "--lease-after", "1s");
        String batch = submitOneTask(deployment, ms);
        await().atMost(Duration.ofSeconds(30)).until(() -> holder.output().contains(LEASED));
        return new Leased(fleet, holder, fleet.start("taker", "--lease-after", "1s"), batch);
    }

    private static String withOption(String uri, String option) {
        return uri + (uri.contains("?") ? "&" : "?") + option;
    }

    private static String submitOneTask(Deployment deployment, long ms) throws Exception {
        CliProcess.Result submit = deployment.cli("submit", Duration.ofMinutes(1), "submit", "--type", "work",
                "--payload", "{\"ms\": " + ms + "}", "--time-limit", "5m", "--quiet");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        return submit.out().strip();
    }

    private static JsonNode join(Deployment deployment, String batch) throws Exception {
        CliProcess.Result join = deployment.cli("join", Duration.ofMinutes(2), "join", batch, "--json");
        assertThat(join.exitCode()).as(join.err()).isZero();
        return JSON.readTree(join.out());
    }

    private static void signal(String signal, ConsumerProcess consumer) throws Exception {
        Process kill = new ProcessBuilder(List.of("kill", "-" + signal, Long.toString(consumer.pid()))).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal).isZero();
    }
}
