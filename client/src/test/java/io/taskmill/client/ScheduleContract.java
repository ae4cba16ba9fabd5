package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.schedule.Scheduler;
import io.taskmill.schedule.Schedules;
import io.taskmill.transport.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A periodic schedule as a user sees it: three schedulers running, one of them killed, and
 * every tick submitted once, in order, with no gap.
 */
abstract class ScheduleContract extends ClientContract {

    private static final String NAME = "every-3s";
    private static final Duration PERIOD = Duration.ofSeconds(3);

    private final List<String> executed = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, TaskmillClient> schedulerClients = new LinkedHashMap<>();
    private final Map<String, Scheduler> schedulers = new LinkedHashMap<>();

    ScheduleContract(RemoteBroker broker) {
        super(broker);
    }

    @BeforeEach
    void start() {
        started(worker().concurrency(1).handler("stamp", task -> {
            executed.add(task.id().toString());
            return null;
        }));
    }

    @AfterEach
    void stop() {
        schedulers.values().forEach(Scheduler::close);
    }

    @Test
    void eachTickIsSubmittedOnceWithThreeSchedulersAndOneKilled() throws Exception {
        for (int i = 1; i <= 3; i++) {
            TaskmillClient own = connect();
            schedulerClients.put("scheduler-" + i, own);
            schedulers.put("scheduler-" + i, own.startScheduler("scheduler-" + i));
        }
        Schedules schedules = client.schedules();
        schedules.add(NAME, "*/3 * * * * *", "UTC", "stamp", JsonNodeFactory.instance.objectNode(),
                Topology.DEFAULT_QUEUE);
        await().atMost(Duration.ofSeconds(60)).until(() -> history(schedules).size() >= 3);

        // Killed just after it submitted a tick, so that the next one is the others' to take over.
        // One reading: a tick may land between two.
        List<Schedules.Firing> before = history(schedules);
        String winner = before.get(before.size() - 1).by();
        schedulers.remove(winner).close();
        schedulerClients.remove(winner).close();
        Instant killed = Instant.now();
        await().atMost(Duration.ofSeconds(60)).until(() -> history(schedules).stream()
                .filter(firing -> firing.tick().isAfter(killed)).count() >= 3);

        List<Schedules.Firing> fired = history(schedules);
        for (int i = 1; i < fired.size(); i++) {
            assertThat(Duration.between(fired.get(i - 1).tick(), fired.get(i).tick())).as("ticks one period apart")
                    .isEqualTo(PERIOD);
        }
        assertThat(fired.stream().filter(firing -> firing.tick().isAfter(killed)))
                .as("ticks after the kill").allSatisfy(firing -> assertThat(firing.by()).isNotEqualTo(winner));
        for (Schedules.Firing firing : fired) {
            JoinSummary tick = client.join(firing.batch(), Duration.ofSeconds(30), p -> { }, r -> { });
            assertThat(tick.total()).isEqualTo(1);
            assertThat(tick.succeeded()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> executed.size() >= fired.size());
        List<String> batches = fired.stream().map(Schedules.Firing::batch).toList();
        assertThat(executed).as("one run per tick, each of a fired tick's batch").hasSize(fired.size())
                .allSatisfy(task -> assertThat(batches).contains(task.substring(0, task.indexOf(':'))));
    }

    private static List<Schedules.Firing> history(Schedules schedules) {
        return schedules.history(NAME).orElseThrow();
    }
}
