package io.taskmill.e2e;

import static io.taskmill.e2e.ConsumerMetrics.endpoint;
import static io.taskmill.e2e.ConsumerMetrics.get;
import static io.taskmill.e2e.ConsumerMetrics.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two consumers, a batch that succeeds and one that fails and retries: /metrics counts exactly that. */
class MetricsIT {

    @TempDir
    Path dir;

    @Test
    void metricsCountEveryAttemptByTypeAndOutcomeAndTimeThem() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Jars.faultTasks(), plugins.resolve("fault-tasks.jar"));
        try (Deployment deployment = new Deployment("metrics")) {
            List<String> endpoints = List.of(
                    endpoint(deployment.startConsumer("one", "--plugins", plugins.toString(), "--http-port", "0")),
                    endpoint(deployment.startConsumer("two", "--plugins", plugins.toString(), "--http-port", "0")));
            for (String endpoint : endpoints) {
                HttpResponse<String> health = get(endpoint + "/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"UP\"");
            }

            Path work = Files.write(dir.resolve("work.jsonl"), java.util.Collections.nCopies(40, "{\"ms\": 20}"));
            Path fail = Files.write(dir.resolve("fail.jsonl"), java.util.Collections.nCopies(5, "{}"));
            String works = deployment.cli("submit-work", Duration.ofMinutes(1), "submit", "--type", "work",
                    "--payloads", work.toString(), "--chunk", "1", "--join", "--quiet").out().lines().findFirst().orElseThrow();
            CliProcess.Result failing = deployment.cli("submit-fail", Duration.ofMinutes(2), "submit", "--type",
                    "fail", "--payloads", fail.toString(), "--max-attempts", "2", "--join", "--json", "--quiet");
            assertThat(works).isNotBlank();
            assertThat(failing.exitCode()).as(failing.err()).isEqualTo(1);

            String one = get(endpoints.get(0) + "/metrics").body();
            String two = get(endpoints.get(1) + "/metrics").body();
            assertThat(sum("taskmill_tasks_total{outcome=\"succeeded\",type=\"work\"}", one, two)).isEqualTo(40);
            assertThat(sum("taskmill_tasks_total{outcome=\"started\",type=\"work\"}", one, two)).isEqualTo(40);
            assertThat(sum("taskmill_tasks_total{outcome=\"started\",type=\"fail\"}", one, two)).isEqualTo(10);
            assertThat(sum("taskmill_tasks_total{outcome=\"retried\",type=\"fail\"}", one, two)).isEqualTo(5);
            assertThat(sum("taskmill_tasks_total{outcome=\"dead_lettered\",type=\"fail\"}", one, two)).isEqualTo(5);
            assertThat(sum("taskmill_task_duration_seconds_count{outcome=\"succeeded\",type=\"work\"}", one, two))
                    .isEqualTo(40);
            assertThat(sum("taskmill_task_duration_seconds_sum{outcome=\"succeeded\",type=\"work\"}", one, two))
                    .as("40 tasks of 20 ms").isGreaterThanOrEqualTo(0.8);
            assertThat(sum("taskmill_task_wait_seconds_count{type=\"fail\"}", one, two)).isEqualTo(10);
            assertThat(sum("taskmill_tasks_in_flight", one, two)).isZero();
            assertThat(one + two).contains("taskmill_task_duration_seconds{outcome=\"succeeded\",type=\"work\",quantile=\"0.99\"}");
            // The RabbitMQ client's own collector: two connections each, every delivery counted (40 tasks a message
            // each, 5 tasks twice), and the outcomes' publishes confirmed by the broker, none refused.
            assertThat(sum("rabbitmq_connections", one, two)).isEqualTo(4);
            assertThat(sum("rabbitmq_consumed_total", one, two)).isGreaterThanOrEqualTo(50);
            assertThat(sum("rabbitmq_acknowledged_published_total", one, two)).isPositive();
            assertThat(sum("rabbitmq_not_acknowledged_published_total", one, two)).isZero();
        }
    }
}
