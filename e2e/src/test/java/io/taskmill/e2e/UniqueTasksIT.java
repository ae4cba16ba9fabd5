package io.taskmill.e2e;

import static io.taskmill.e2e.ConsumerMetrics.endpoint;
import static io.taskmill.e2e.ConsumerMetrics.get;
import static io.taskmill.e2e.ConsumerMetrics.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.transport.nats.NatsTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code taskmill submit --unique-key} from two processes at once, with a consumer process
 * running the work: one task runs, both submits join it and print its outcome, and a third
 * submit is told which batch holds the key. On every broker.
 */
class UniqueTasksIT {

    private static final String STARTED = "taskmill_tasks_total{outcome=\"started\",type=\"sleep\"}";
    private static final int SUBMITS = 2;

    @Test
    void onRabbitMq() throws Exception {
        try (Deployment deployment = new Deployment("unique")) {
            aKeySubmittedTwiceAtOnceRunsOnce(deployment);
        }
    }

    @Test
    void onNats() throws Exception {
        try (Deployment deployment = new Deployment("unique-nats", NatsTestBroker.uri())) {
            aKeySubmittedTwiceAtOnceRunsOnce(deployment);
        }
    }

    private void aKeySubmittedTwiceAtOnceRunsOnce(Deployment deployment) throws Exception {
        String metrics = endpoint(deployment.startConsumer("consumer", "--concurrency", "2", "--http-port", "0"))
                + "/metrics";
        List<Process> submits = new ArrayList<>();
        for (int i = 0; i < SUBMITS; i++) {
            submits.add(deployment.startCli("submit-" + i, "submit", "--type", "sleep", "--payload", "{\"ms\": 500}",
                    "--unique-key", "invoice-2026-12", "--join", "--json", "--quiet"));
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> summaries = new ArrayList<>();
        for (int i = 0; i < SUBMITS; i++) {
            assertThat(submits.get(i).waitFor(2, TimeUnit.MINUTES)).as("submit " + i + " ends").isTrue();
            String err = Files.readString(deployment.logDir().resolve("submit-" + i + ".err"), StandardCharsets.UTF_8);
            assertThat(submits.get(i).exitValue()).as(err).isZero();
            summaries.add(json.readTree(deployment.logDir().resolve("submit-" + i + ".out").toFile()));
        }
        assertThat(summaries).as("both joined the one batch and saw its task succeed")
                .allSatisfy(summary -> {
                    assertThat(summary.get("batch").asText()).isEqualTo(summaries.get(0).get("batch").asText());
                    assertThat(summary.get("succeeded").asLong()).isEqualTo(1);
                });
        assertThat(sum(STARTED, get(metrics).body())).as("sleep tasks the consumer started").isEqualTo(1);

        CliProcess.Result third = deployment.cli("third", Duration.ofMinutes(1), "submit", "--type", "sleep",
                "--payload", "{\"ms\": 500}", "--unique-key", "invoice-2026-12", "--json");
        assertThat(third.exitCode()).as(third.err()).isZero();
        JsonNode told = json.readTree(third.out());
        assertThat(told.get("batch").asText()).isEqualTo(summaries.get(0).get("batch").asText());
        assertThat(told.at("/unique/first").asBoolean()).as(third.out()).isFalse();
        assertThat(third.err()).contains("unique key 'invoice-2026-12' is held by task "
                + summaries.get(0).get("batch").asText() + ":0").contains("not submitted again");
        assertThat(sum(STARTED, get(metrics).body())).isEqualTo(1);
    }
}
