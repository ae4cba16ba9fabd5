package io.taskmill.transport;

import java.util.List;

/**
 * A queue's name, messages ready for delivery, and consumers; {@code exists} false when
 * undeclared. {@code retrying} counts failed tasks waiting out their retry delay outside the
 * queue, {@link #UNKNOWN} where the broker keeps them in the queue itself, unseen.
 */
public record QueueInfo(String name, boolean exists, long messages, int consumers, long retrying) {

    public static final long UNKNOWN = -1;

    /**
     * A work queue seen whole from its lanes, the default lane first: the messages and retries
     * of all, the consumers of the default lane (every worker consumes every lane).
     */
    public static QueueInfo acrossLanes(List<QueueInfo> lanes) {
        QueueInfo first = lanes.get(0);
        long messages = 0;
        long retrying = 0;
        for (QueueInfo lane : lanes) {
            messages += lane.messages();
            retrying = retrying == UNKNOWN || lane.retrying() == UNKNOWN ? UNKNOWN : retrying + lane.retrying();
        }
        return new QueueInfo(first.name(), first.exists(), messages, first.consumers(), retrying);
    }

    /**
     * A work queue seen whole from its partitions, each seen whole from its lanes: the
     * messages and retries of all, and the consumers of the partition with fewest, so that a
     * partition no worker takes (a worker started with fewer partitions than its producers)
     * reads as a queue without consumers, not as a fleet at work.
     */
    public static QueueInfo acrossPartitions(List<QueueInfo> partitions) {
        QueueInfo whole = acrossLanes(partitions);
        int consumers = partitions.stream().mapToInt(QueueInfo::consumers).min().orElse(0);
        return new QueueInfo(whole.name(), whole.exists(), whole.messages(), consumers, whole.retrying());
    }

    /** A queue that holds no retries apart: a dead-letter queue, or a work queue on a broker that cannot tell. */
    public QueueInfo(String name, boolean exists, long messages, int consumers) {
        this(name, exists, messages, consumers, 0);
    }
}
