package io.taskmill.coordinator;

import java.time.Duration;
import java.util.Optional;

/**
 * A join's progress at one moment.
 *
 * @param total         -1 while the batch is not sealed
 * @param ratePerSecond tasks finished per second since the join started
 * @param live          whether the event log is being read now; false while the join
 *                      reconnects to it, when the counts may be behind
 */
public record Progress(String batch, long done, long total, Duration elapsed, double ratePerSecond, boolean live) {

    /** The time left at the current rate, when it can be told. */
    public Optional<Duration> eta() {
        if (total < 0 || ratePerSecond <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) ((total - done) / ratePerSecond * 1000)));
    }
}
