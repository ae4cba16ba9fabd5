package io.taskmill.transport;

import java.time.Duration;
import java.util.Set;

/**
 * How long the event and control logs keep entries, and how much of them: whichever limit
 * is reached first drops the oldest. By age alone, a busy deployment would fill the broker's
 * disk (at 10,000 tasks/s, a week of events is terabytes) and its disk alarm would stop every
 * publisher; the size limit keeps the log to what one broker can hold. A join of a batch
 * older than what is left says so ({@link EventLog#horizon()}).
 *
 * @param maxAge   {@code log-max-age} in the broker URI (default 7 days)
 * @param maxBytes {@code log-max-bytes} in the broker URI (default 5 GB)
 */
public record LogRetention(Duration maxAge, long maxBytes) {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    public static final long DEFAULT_MAX_BYTES = 5_000_000_000L;
    /** The URI parameters it reads. */
    public static final Set<String> PARAMETERS = Set.of("log-max-age", "log-max-bytes");

    public LogRetention {
        if (maxAge.toSeconds() < 1) {
            throw new IllegalArgumentException("log-max-age must be at least 1s, was " + maxAge);
        }
        if (maxBytes < 1_000_000) {
            throw new IllegalArgumentException("log-max-bytes must be at least 1MB, was " + maxBytes);
        }
    }

    public static LogRetention defaults() {
        return new LogRetention(DEFAULT_MAX_AGE, DEFAULT_MAX_BYTES);
    }

    public static LogRetention of(UriOptions uri) {
        return new LogRetention(uri.duration("log-max-age", DEFAULT_MAX_AGE),
                uri.bytes("log-max-bytes", DEFAULT_MAX_BYTES));
    }
}
