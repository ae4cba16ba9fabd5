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
    LANES,
    /**
     * A delivery may stay unsettled for as long as its task runs, and goes to another worker
     * only when its own is gone for good: in one JVM nothing times out. Without it (RabbitMQ's
     * {@code consumer_timeout}; JetStream's ack wait, which a worker that stalls stops
     * renewing), a worker leases its long tasks instead (see {@code io.taskmill.worker.Leases}).
     */
    HOLDS_LONG_DELIVERIES
}
