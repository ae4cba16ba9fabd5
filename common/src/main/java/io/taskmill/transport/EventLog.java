package io.taskmill.transport;

import java.util.concurrent.CompletableFuture;

/**
 * An append-only log that any process can read again from a point in time: the event log
 * (completions, openings, seals, fences) and the control log (cancellations) are both one.
 */
public interface EventLog {

    /** For {@link #read}: only entries appended after the subscription started, whatever the clocks say. */
    long FROM_NOW = Long.MAX_VALUE;

    /** Appends an entry. The future completes once it is durable (confirmed). */
    CompletableFuture<Void> append(byte[] body);

    /**
     * Appends an entry not yet encoded. A log on a broker encodes it now (and throws what
     * encoding throws); a log in this process may keep it as it is for its readers.
     */
    default CompletableFuture<Void> append(LogEntry entry) {
        return append(entry.encode());
    }

    /**
     * Reads from the first entry appended at or after {@code fromEpochMillis} by the broker's
     * clock (an implementation may start earlier, never later), or from now on with
     * {@link #FROM_NOW}, and then follows the log, calling {@code handler} for each entry in
     * log order on one transport thread.
     */
    Subscription read(long fromEpochMillis, EventHandler handler);

    /**
     * The broker's time before which entries may have been dropped (by age, by size): a batch
     * created earlier may have lost events. 0 when nothing was dropped, or the transport
     * cannot tell.
     */
    default long horizon() {
        return 0;
    }
}
