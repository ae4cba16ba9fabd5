package io.taskmill.transport;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How a lost subscription tries again, on every transport: exponential backoff with jitter,
 * until {@code timeout} has passed since the loss. The timeout is the broker URI's
 * {@code recovery-timeout}: long enough for a broker restart, short enough that a
 * supervisor hears about a broker that is gone.
 */
public record RecoveryPolicy(IntervalFunction backoff, Duration timeout, Clock clock, ScheduledExecutorService scheduler) {

    public static RecoveryPolicy of(Duration timeout, Clock clock, ScheduledExecutorService scheduler) {
        return new RecoveryPolicy(IntervalFunction.ofExponentialRandomBackoff(250, 2.0, 0.3, 5_000), timeout, clock,
                scheduler);
    }
}
