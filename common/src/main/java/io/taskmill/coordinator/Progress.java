package io.taskmill.coordinator;

import io.taskmill.task.TaskProgress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A join's progress at one moment.
 *
 * @param total         -1 while the batch is not sealed
 * @param ratePerSecond tasks finished per second since the join started
 * @param live          whether the event log is being read now; false while the join
 *                      reconnects to it, when the counts may be behind
 * @param running       what running tasks said last of their own progress, the latest first
 *                      (a few; handlers tell it with {@code TaskContext.progress})
 */
public record Progress(String batch, long done, long total, Duration elapsed, double ratePerSecond, boolean live,
                       List<TaskProgress> running) {

    /** Without running tasks' own progress. */
    public Progress(String batch, long done, long total, Duration elapsed, double ratePerSecond, boolean live) {
        this(batch, done, total, elapsed, ratePerSecond, live, List.of());
    }

    /** The time left at the current rate, when it can be told. */
    public Optional<Duration> eta() {
        if (total < 0 || ratePerSecond <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) ((total - done) / ratePerSecond * 1000)));
    }
}
