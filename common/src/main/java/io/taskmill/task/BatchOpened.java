package io.taskmill.task;

/**
 * The first event of a batch, confirmed before any of its tasks is published, so that every
 * other event of the batch comes after it in the log. A coordinator that reads the log from
 * a point in time knows it started early enough only if it meets this event before any
 * other of the batch: the batch id's time is the producer's clock, which may be wrong.
 *
 * <p>A producer that says {@code beatMs} appends a {@link ProducerBeat} at least that often
 * while it publishes, until it seals the batch: a join that hears none for several beats
 * knows the producer stopped. 0 (producers that do not beat, or older ones) promises nothing.
 */
public record BatchOpened(int v, String batch, long openedAt, long beatMs) implements BatchEvent {

    public static BatchOpened of(String batch, long openedAt) {
        return beating(batch, openedAt, 0);
    }

    /** An opening whose producer repeats it every {@code beatMs} until it seals the batch. */
    public static BatchOpened beating(String batch, long openedAt, long beatMs) {
        return new BatchOpened(TaskEnvelope.VERSION, batch, openedAt, beatMs);
    }
}
