package io.taskmill.transport;

/** One promise a transport may make; see {@link Capabilities}. */
public enum Capability {
    /** {@link Delivery#previousDeliveries()} is the broker's own count. */
    COUNTS_DELIVERIES,
    /** {@link WorkQueue#publishLater} is held by the broker, with no thread of this process waiting. */
    BROKER_SIDE_DELAY,
    /** Dead letters are kept in the broker to list, replay and purge. */
    DEAD_LETTER_QUEUE,
    /** A log can be read again from a point in time by another process (what a re-join needs). */
    REREADABLE_LOG,
    /** The broker tells publishers to pause when short of memory or disk ({@link FlowListener}). */
    FLOW_CONTROL,
    /** Other processes can reach this broker at all. */
    SHARED_ACROSS_PROCESSES,
    /** Work queues have {@linkplain Lane lanes}: priorities and keys. */
    LANES
}
