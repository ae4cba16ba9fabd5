package io.taskmill.e2e;

import static io.taskmill.e2e.ConsumerMetrics.endpoint;
import static io.taskmill.e2e.ConsumerMetrics.get;
import static io.taskmill.e2e.ConsumerMetrics.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskmill.transport.nats.NatsTestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks of a minute, running in a consumer process: what they say of their progress shows in
 * {@code taskmill status} and in a join's progress line, and {@code taskmill cancel} from
 * another process stops them within a second of its exit, on every broker.
 */
class RunningTasksIT {

    private static final String CANCELLED = "taskmill_tasks_total{outcome=\"cancelled\",type=\"sleep\"}";
    private static final String STARTED = "taskmill_tasks_total{outcome=\"started\",type=\"sleep\"}";

    @TempDir
    Path dir;

    @Test
    void onRabbitMq() throws Exception {
        try (Deployment deployment = new Deployment("cancel-running")) {
            runningTasksTellTheirProgressAndStopWithinASecondOfTheCancel(deployment);
        }
    }

    @Test
    void onNats() throws Exception {
        try (Deployment deployment = new Deployment("cancel-running-nats", NatsTestBroker.uri())) {
            runningTasksTellTheirProgressAndStopWithinASecondOfTheCancel(deployment);
        }
    }

    private void runningTasksTellTheirProgressAndStopWithinASecondOfTheCancel(Deployment deployment)
            throws Exception {
        String metrics = endpoint(deployment.startConsumer("consumer", "--concurrency", "2", "--http-port", "0"))
                + "/metrics";
        Path minutes = Files.write(dir.resolve("minutes.jsonl"), Collections.nCopies(2, "{\"ms\": 60000}"));
        CliProcess.Result submit = deployment.cli("submit", Duration.ofMinutes(1), "submit", "--type", "sleep",
                "--payloads", minutes.toString(), "--chunk", "1", "--time-limit", "5m", "--quiet");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String batch = submit.out().strip();
        await().atMost(Duration.ofSeconds(30)).until(() -> sum(STARTED, get(metrics).body()) == 2);

        // sleep tells the milliseconds it slept: status hears it by the worker's heartbeat, a join by the event log.
        Process join = deployment.startCli("join", "join", batch);
        CliAwait.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CliProcess.Result status = deployment.cli("status", Duration.ofMinutes(1), "status");
            assertThat(status.out()).containsPattern("task " + batch + ":[01] on \\S+: \\d+%");
            CliProcess.Result json = deployment.cli("status-json", Duration.ofMinutes(1), "status", "--json");
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("running"))
                    .anySatisfy(task -> assertThat(task.get("total").asLong()).isEqualTo(60_000));
        });
        Path joinErr = deployment.logDir().resolve("join.err");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(joinErr)
                && Files.readString(joinErr).matches("(?s).*done, .*; task [01]: \\d+%.*"));

        CliProcess.Result cancel = deployment.cli("cancel", Duration.ofMinutes(1), "cancel", batch);
        long cancelled = System.nanoTime();
        assertThat(cancel.exitCode()).as(cancel.err()).isZero();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> sum(CANCELLED, get(metrics).body()) == 2);
        Duration stopped = Duration.ofNanos(System.nanoTime() - cancelled);
        System.out.printf("%s: both tasks stopped %d ms after taskmill cancel exited%n", deployment.broker()
                .replaceFirst("://.*@", "://"), stopped.toMillis());
        assertThat(stopped).as("both tasks stopped after the cancel").isLessThan(Duration.ofSeconds(1));
        assertThat(sum("taskmill_tasks_in_flight", get(metrics).body())).isZero();
        assertThat(join.waitFor(1, java.util.concurrent.TimeUnit.MINUTES)).as("the join ends").isTrue();
        assertThat(join.exitValue()).as("a cancelled batch").isEqualTo(3);
    }
}
