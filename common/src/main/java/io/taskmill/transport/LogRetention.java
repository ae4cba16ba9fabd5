package io.taskmill.transport;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How long a log keeps entries, and how much of them: whichever limit is reached first
 * drops the oldest. At least one limit is set: by age alone, a busy deployment would fill
 * the broker's disk (at 10,000 tasks/s, a week of events is terabytes) and its disk alarm
 * would stop every publisher; by size alone, a log is kept as long as it fits, which is
 * what a log of definitions needs. A join of a batch older than what is left says so
 * ({@link EventLog#horizon()}).
 *
 * @param maxAge   entries older than this are dropped; for the event and control logs
 *                 {@code log-max-age} in the broker URI (default 7 days)
 * @param maxBytes the oldest entries are dropped beyond this size; for the event and control
 *                 logs {@code log-max-bytes} in the broker URI (default 5 GB)
 */
public record LogRetention(Optional<Duration> maxAge, OptionalLong maxBytes) {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    public static final long DEFAULT_MAX_BYTES = 5_000_000_000L;
    /** The URI parameters it reads. */
    public static final Set<String> PARAMETERS = Set.of("log-max-age", "log-max-bytes");

    public LogRetention {
        if (maxAge.isEmpty() && maxBytes.isEmpty()) {
            throw new IllegalArgumentException("a log needs a limit by age or by size, or it fills the broker's disk");
        }
        if (maxAge.isPresent() && maxAge.get().toSeconds() < 1) {
            throw new IllegalArgumentException("log-max-age must be at least 1s, was " + maxAge.get());
        }
        if (maxBytes.isPresent() && maxBytes.getAsLong() < 1_000_000) {
            throw new IllegalArgumentException("log-max-bytes must be at least 1MB, was " + maxBytes.getAsLong());
        }
    }

    public static LogRetention of(Duration maxAge, long maxBytes) {
        return new LogRetention(Optional.of(maxAge), OptionalLong.of(maxBytes));
    }

    public static LogRetention byAge(Duration maxAge) {
        return new LogRetention(Optional.of(maxAge), OptionalLong.empty());
    }

    public static LogRetention bySize(long maxBytes) {
        return new LogRetention(Optional.empty(), OptionalLong.of(maxBytes));
    }

    public static LogRetention defaults() {
        return of(DEFAULT_MAX_AGE, DEFAULT_MAX_BYTES);
    }

    public static LogRetention of(UriOptions uri) {
        return of(uri.duration("log-max-age", DEFAULT_MAX_AGE), uri.bytes("log-max-bytes", DEFAULT_MAX_BYTES));
    }
}
