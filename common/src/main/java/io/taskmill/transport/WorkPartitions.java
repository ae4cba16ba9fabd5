package io.taskmill.transport;

import java.util.Set;

/**
 * How many broker queues one logical work queue is spread over ({@code partitions} in the
 * broker URI): producers publish to them in turn (a keyed task always to its key's), every
 * worker consumes them all, and they share the queue's dead letters. On a cluster each has
 * its own leader, so one queue's traffic is no longer bound by one node.
 *
 * @param count 1 to {@value #MAX}
 */
public record WorkPartitions(int count) {

    public static final int MAX = 16;
    public static final WorkPartitions ONE = new WorkPartitions(1);
    /** The URI parameter it reads. */
    public static final Set<String> PARAMETERS = Set.of("partitions");

    public WorkPartitions {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("partitions must be 1 to " + MAX + ", was " + count);
        }
    }

    public static WorkPartitions of(UriOptions uri) {
        return new WorkPartitions(uri.integer("partitions", 1));
    }
}
