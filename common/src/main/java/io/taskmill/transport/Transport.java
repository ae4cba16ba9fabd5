package io.taskmill.transport;

import java.util.Collection;
import java.util.List;

/**
 * A connection to a broker, seen through small roles that a broker implements piece by
 * piece: {@linkplain WorkQueue work queues} (tasks, at least once, acked by the worker),
 * {@linkplain EventLog logs} made from a {@linkplain LogSpec spec} (re-readable from a point in
 * time), {@linkplain DeadLetterQueue dead-letter administration} and
 * {@linkplain QueueStatistics queue statistics}; and what it can promise
 * ({@link Capabilities}).
 *
 * <p>Names are short ({@code default}); the transport puts them under its
 * {@link Topology}'s prefix. A transport is found by URI scheme through its
 * {@link TransportProvider}. Implementations are thread-safe.
 */
public interface Transport extends AutoCloseable {

    /** The work queue of this short name; declared, idempotently, on first use. */
    WorkQueue workQueue(String name);

    /**
     * One lane of a work queue (see {@link Lane}): its own queue, sharing the work queue's
     * dead letters. Only a transport whose {@link Capabilities} have {@link Capability#LANES} has lanes
     * other than the default.
     *
     * @throws UnsupportedOperationException for another lane on a transport without lanes
     */
    default WorkQueue workQueue(String name, Lane lane) {
        if (lane.isDefault()) {
            return workQueue(name);
        }
        throw new UnsupportedOperationException("priorities and keys need a transport with lanes: " + describe()
                + " has none (RabbitMQ, NATS, Redis and the embedded mem:// have)");
    }

    /**
     * The log a spec describes (the deployment's are in {@link Logs}), under this transport's
     * prefix and kept as the spec says; declared, idempotently, on first use, and those of
     * {@link Logs#everyProcess} as the transport connects. The same spec gives the same log.
     */
    EventLog log(LogSpec spec);

    /**
     * How this deployment spreads its events over logs ({@code event-partitions} in the broker
     * URI); a transport that takes no such option keeps them in one.
     */
    default EventPartitions eventPartitions() {
        return EventPartitions.ONE;
    }

    /** The log of every event of one batch. */
    default EventLog events(String batch) {
        return log(eventPartitions().of(batch));
    }

    /** Depth and consumers of work queues. */
    QueueStatistics statistics();

    /**
     * What this deployment declared on the broker, and that exists now: for each work queue
     * named its lanes, partitions and dead letters, and with {@code whole} the deployment's
     * logs and delays (and on a broker that can list them, the queues of it not named).
     * What {@link #delete} removes.
     */
    default List<BrokerObject> footprint(Collection<String> queues, boolean whole) {
        throw new UnsupportedOperationException(describe() + " keeps nothing that outlives its process");
    }

    /** Deletes these: the tasks, dead letters and log entries they hold are gone for good. */
    default void delete(List<BrokerObject> objects) {
        throw new UnsupportedOperationException(describe() + " keeps nothing that outlives its process");
    }

    /** What this transport can promise. */
    Capabilities capabilities();

    /**
     * Tells {@code listener} when the broker stops accepting publishes (a memory or disk
     * alarm) and when it accepts them again. Transports without flow control never call it.
     */
    default void onFlowControl(FlowListener listener) {
    }

    /**
     * Runs {@code settles}, whose {@link Delivery#ack() acks} may reach the broker together once
     * it returns rather than one by one: a worker settles the deliveries of one confirmed group of
     * completions this way. Each ack still settles its own delivery only.
     */
    default void settleTogether(Runnable settles) {
        settles.run();
    }

    /** Whether every connection this transport opened is up (false while it recovers from a loss). */
    boolean connected();

    /** The broker address for humans: scheme, host, port, virtual host; never credentials. */
    String describe();

    @Override
    void close();
}
