package io.taskmill.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskmill.task.TaskCodec;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Topology;
import io.taskmill.transport.memory.MemoryTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler's rules that a running fleet rarely shows: a winner dying mid-tick, and ticks missed. */
class SchedulerTest {

    private final TaskCodec codec = new TaskCodec();
    private final EventLog log = MemoryTransport.open(BrokerAddress.parse("mem://schedules-" + UUID.randomUUID()),
            Topology.defaults()).log(Logs.SCHEDULES);
    private final Schedules schedules = new Schedules(log, codec, Clock.systemUTC());
    private final List<Scheduler> running = new ArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void stop() {
        never.countDown();
        running.forEach(Scheduler::close);
    }

    @Test
    void aTickItsWinnerNeverSubmitsIsSubmittedByAnother() throws Exception {
        schedules.add("every-4s", "*/4 * * * * *", "UTC", "noop", JsonNodeFactory.instance.objectNode(), "default");
        // The first scheduler wins every tick it bids for and then hangs, as one killed mid-tick would.
        running.add(new Scheduler(log, codec, Clock.systemUTC(), "hangs", (schedule, tick) -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("stopped before submitting");
        }));
        long hung = await().atMost(Duration.ofSeconds(30)).until(() -> lastClaimBy("hangs"), tick -> tick > 0);
        running.add(new Scheduler(log, codec, Clock.systemUTC(), "rescuer", (schedule, tick) -> "batch-" + tick));

        await().atMost(Duration.ofSeconds(30)).until(() -> !schedules.history("every-4s").orElseThrow().isEmpty());
        Schedules.Firing first = schedules.history("every-4s").orElseThrow().get(0);
        assertThat(first.tick()).as("the tick the hung winner claimed").isEqualTo(Instant.ofEpochMilli(hung));
        assertThat(first.by()).isEqualTo("rescuer");
        assertThat(first.batch()).isEqualTo("batch-" + first.tick());
    }

    @Test
    void ofTicksMissedWhileNoSchedulerRanOnlyTheLatestFires() throws Exception {
        Instant added = Instant.now();
        schedules.add("every-second", "* * * * * *", "UTC", "noop", JsonNodeFactory.instance.objectNode(), "default");
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(added.plusSeconds(3)));

        Instant started = Instant.now();
        running.add(new Scheduler(log, codec, Clock.systemUTC(), "late", (schedule, tick) -> "batch-" + tick));
        await().atMost(Duration.ofSeconds(30)).until(() -> schedules.history("every-second").orElseThrow().size() >= 2);

        Schedules.Firing first = schedules.history("every-second").orElseThrow().get(0);
        assertThat(first.tick()).as("the catch-up: the latest tick due when the scheduler started")
                .isAfter(started.minusSeconds(1)).isBeforeOrEqualTo(started);
    }

    @Test
    void badDefinitionsAreRefusedInOneLine() {
        assertThatThrownBy(() -> schedules.add("x", "* * *", "UTC", "noop", null, "default"))
                .hasMessageContaining("5 fields");
        assertThatThrownBy(() -> schedules.add("x", "99 * * * *", "UTC", "noop", null, "default"))
                .hasMessageContaining("not a cron expression");
        assertThatThrownBy(() -> schedules.add("x", "* * * * *", "Mars/Olympus", "noop", null, "default"))
                .hasMessageContaining("not a time zone");
        assertThatThrownBy(() -> schedules.add("no spaces", "* * * * *", "UTC", "noop", null, "default"))
                .hasMessageContaining("schedule name");
    }

    /** The tick of the log's last claim of the one schedule when {@code scheduler} made it; 0 otherwise. */
    private long lastClaimBy(String scheduler) {
        try (BookFollower follower = new BookFollower(log, codec, claimed -> { })
                .awaitCaughtUp(Duration.ofSeconds(10))) {
            return follower.read(book -> book.schedules().stream()
                    .flatMap(schedule -> book.lastClaim(schedule.id()).stream())
                    .filter(claimed -> claimed.by().equals(scheduler))
                    .mapToLong(ScheduleEntry.Claimed::tick).findFirst().orElse(0));
        }
    }
}
