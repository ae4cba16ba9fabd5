package io.taskmill.worker;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * When a failed task is tried again: up to its max attempts, after an exponential backoff
 * with jitter computed by Resilience4j. The wait itself is the broker's (a delay queue),
 * never a sleeping worker thread.
 *
 * @param defaultMaxAttempts attempts for tasks whose envelope and type say nothing
 * @param backoff            the delay after failed attempt {@code n} is {@code backoff.apply(n)}
 */
public record RetryPolicy(int defaultMaxAttempts, IntervalFunction backoff) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public RetryPolicy {
        if (defaultMaxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be >= 1, was " + defaultMaxAttempts);
        }
    }

    /** 1 s, then doubling, ±50 % jitter, at most 5 minutes. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_MAX_ATTEMPTS, exponential(Duration.ofSeconds(1), Duration.ofMinutes(5)));
    }

    public static IntervalFunction exponential(Duration initial, Duration max) {
        return IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.5, max);
    }

    /** The attempts a task gets: its own setting, else its type's, else the default. */
    public int maxAttempts(int fromEnvelope, int fromType) {
        return fromEnvelope > 0 ? fromEnvelope : fromType > 0 ? fromType : defaultMaxAttempts;
    }

    public long delayAfter(int failedAttempt) {
        return backoff.apply(failedAttempt);
    }
}
