package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Periodic schedules as an operator runs them: three consumers started with --scheduler,
 * the one submitting the ticks killed with -9, and every tick submitted once, on time, with
 * no gap and none twice.
 */
class ScheduleFleetIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PERIOD = Duration.ofSeconds(3);

    /** One line of {@code taskmill schedule history}. */
    private record Firing(Instant tick, String batch, String by) {
    }

    @Test
    void eachTickIsSubmittedOnceByThreeSchedulersWhenTheSubmittingOneIsKilled() throws Exception {
        try (Deployment deployment = new Deployment("schedule")) {
            List<ConsumerProcess> consumers = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                consumers.add(deployment.startConsumer("scheduler-" + i, "--scheduler", "--concurrency", "1"));
            }
            CliProcess.Result added = deployment.cli("add", Duration.ofSeconds(30), "schedule", "add", "every-3s",
                    "--cron", "*/3 * * * * *", "--type", "noop");
            assertThat(added.out()).contains("schedule every-3s");
            await().atMost(Duration.ofSeconds(60)).until(() -> history(deployment).size() >= 3);

            // One reading: a tick may land between two.
            List<Firing> before = history(deployment);
            String winner = before.get(before.size() - 1).by();
            ConsumerProcess submitting = consumers.stream().filter(c -> winner.endsWith("/" + c.pid())).findFirst()
                    .orElseThrow();
            submitting.kill();
            Instant killed = Instant.now();
            await().atMost(Duration.ofSeconds(60)).until(() -> history(deployment).stream()
                    .filter(firing -> firing.tick().isAfter(killed)).count() >= 3);

            List<Firing> fired = history(deployment);
            for (int i = 1; i < fired.size(); i++) {
                assertThat(Duration.between(fired.get(i - 1).tick(), fired.get(i).tick()))
                        .as("ticks one period apart: none missed, none twice").isEqualTo(PERIOD);
            }
            assertThat(fired.stream().filter(firing -> firing.tick().isAfter(killed)))
                    .allSatisfy(firing -> assertThat(firing.by()).isNotEqualTo(winner));
            for (Firing firing : fired) {
                JsonNode summary = JSON.readTree(deployment.cli("join-" + firing.batch(), Duration.ofMinutes(1), "join",
                        firing.batch(), "--json").out());
                assertThat(summary.get("total").asLong()).as("tasks of tick %s", firing.tick()).isEqualTo(1);
                assertThat(summary.get("succeeded").asLong()).isEqualTo(1);
            }
            CliProcess.Result list = deployment.cli("list", Duration.ofSeconds(30), "schedule", "list");
            String last = list.out().substring(list.out().indexOf(" last ") + 6).split("\\s+")[0];
            assertThat(list.out()).contains("every-3s").contains("*/3 * * * * *");
            assertThat(Instant.parse(last)).as("the last tick listed").isAfterOrEqualTo(fired.get(fired.size() - 1).tick());
        }
    }

    private static List<Firing> history(Deployment deployment) throws Exception {
        return deployment.cli("history", Duration.ofSeconds(30), "schedule", "history", "every-3s").out().lines()
                .filter(line -> !line.isBlank()).map(line -> line.trim().split("\\s+"))
                .map(fields -> new Firing(Instant.parse(fields[0]), fields[1], fields[2])).toList();
    }
}
