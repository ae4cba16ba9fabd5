package io.taskmill.transport;

/**
 * A queue's name, messages ready for delivery, and consumers; {@code exists} false when
 * undeclared. {@code retrying} counts failed tasks waiting out their retry delay outside the
 * queue, {@link #UNKNOWN} where the broker keeps them in the queue itself, unseen.
 */
public record QueueInfo(String name, boolean exists, long messages, int consumers, long retrying) {

    public static final long UNKNOWN = -1;

    /** A queue that holds no retries apart: a dead-letter queue, or a work queue on a broker that cannot tell. */
    public QueueInfo(String name, boolean exists, long messages, int consumers) {
        this(name, exists, messages, consumers, 0);
    }
}
