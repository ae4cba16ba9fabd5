package io.taskmill.transport;

/**
 * A connection to a broker, seen through small roles that a broker implements piece by
 * piece: {@linkplain WorkQueue work queues} (tasks, at least once, acked by the worker),
 * three {@linkplain EventLog logs} per deployment (events, control and presence,
 * re-readable from a point in time), {@linkplain DeadLetterQueue dead-letter administration} and
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
     * dead letters. Only a transport whose {@link Capabilities#lanes()} is true has lanes
     * other than the default.
     *
     * @throws UnsupportedOperationException for another lane on a transport without lanes
     */
    default WorkQueue workQueue(String name, Lane lane) {
        if (lane.isDefault()) {
            return workQueue(name);
        }
        throw new UnsupportedOperationException("priorities and keys need a transport with lanes: " + describe()
                + " has none (RabbitMQ and the embedded mem:// have)");
    }

    /** The event log: completion events, batch openings and seals, join fences, cancellations. */
    EventLog events();

    /** The control log: rare messages every worker follows (cancellations), apart from the event log. */
    EventLog control();

    /**
     * The presence log: every worker's heartbeat, so that a fleet can be listed. Entries
     * are kept about {@link Topology#PRESENCE_RETENTION}, no longer.
     */
    EventLog presence();

    /**
     * The schedule log: periodic schedules as people define them, and the schedulers' claims
     * of ticks. Kept by size, not age, as a schedule lives until removed; declared on first use.
     */
    EventLog schedules();

    /** Depth and consumers of work queues. */
    QueueStatistics statistics();

    /** What this transport can promise. */
    Capabilities capabilities();

    /**
     * Tells {@code listener} when the broker stops accepting publishes (a memory or disk
     * alarm) and when it accepts them again. Transports without flow control never call it.
     */
    default void onFlowControl(FlowListener listener) {
    }

    /** Whether every connection this transport opened is up (false while it recovers from a loss). */
    boolean connected();

    /** The broker address for humans: scheme, host, port, virtual host; never credentials. */
    String describe();

    @Override
    void close();
}
