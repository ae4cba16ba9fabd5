package io.taskmill.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.EventLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Periodic schedules as people manage them: add (or replace), list, remove. They are kept
 * in the broker's schedule log; schedulers ({@link Scheduler}) fire them.
 */
public final class Schedules {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final EventLog log;
    private final TaskCodec codec;
    private final Clock clock;

    public Schedules(EventLog log, TaskCodec codec, Clock clock) {
        this.log = log;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * One schedule as it stands: when it fires next, and the last tick fired.
     *
     * @param next      the next tick, if the expression has one
     * @param lastTick  the last tick submitted, if any
     * @param lastBatch the batch it was submitted as, to join
     */
    public record Status(Schedule schedule, Optional<Instant> next, Optional<Instant> lastTick,
                         Optional<String> lastBatch) {
    }

    /**
     * Adds a schedule, or replaces the one of that name (whose ticks then stop).
     *
     * @throws IllegalArgumentException for a bad name, expression or zone
     */
    public Schedule add(String name, String cron, String zone, String type, JsonNode payload, String queue)
            throws InterruptedException {
        Schedule schedule = new Schedule(name, cron, zone, type, payload, queue, UUID.randomUUID().toString(),
                clock.millis());
        BookFollower.append(log, codec, new ScheduleEntry.Defined(schedule), PATIENCE);
        return schedule;
    }

    /** @return false when no schedule has that name */
    public boolean remove(String name) throws InterruptedException {
        try (BookFollower follower = new BookFollower(log, codec, claimed -> { }).awaitCaughtUp(PATIENCE)) {
            if (follower.read(book -> book.named(name)).isEmpty()) {
                return false;
            }
            follower.append(new ScheduleEntry.Removed(name, clock.millis()), PATIENCE);
            return true;
        }
    }

    /** One tick submitted: when it was due, its batch, and the scheduler that submitted it. */
    public record Firing(Instant tick, String batch, String by) {
    }

    /**
     * The ticks of a schedule fired lately (up to a thousand), each once, by tick.
     *
     * @return empty when no schedule has that name
     */
    public Optional<List<Firing>> history(String name) {
        try (BookFollower follower = new BookFollower(log, codec, claimed -> { }).awaitCaughtUp(PATIENCE)) {
            return follower.read(book -> book.named(name).map(schedule -> book.history(schedule.id()).stream()
                    .map(fired -> new Firing(Instant.ofEpochMilli(fired.tick()), fired.batch(), fired.by()))
                    .sorted(java.util.Comparator.comparing(Firing::tick)).toList()));
        }
    }

    public List<Status> list() {
        Instant now = clock.instant();
        try (BookFollower follower = new BookFollower(log, codec, claimed -> { }).awaitCaughtUp(PATIENCE)) {
            return follower.read(book -> book.schedules().stream().map(schedule -> {
                Optional<ScheduleEntry.Fired> fired = book.lastFired(schedule.id());
                return new Status(schedule, schedule.times().nextAfter(now),
                        fired.map(f -> Instant.ofEpochMilli(f.tick())), fired.map(ScheduleEntry.Fired::batch));
            }).toList());
        }
    }
}
