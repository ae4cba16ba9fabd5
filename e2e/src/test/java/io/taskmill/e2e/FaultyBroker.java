package io.taskmill.e2e;

import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Topology;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A broker of a fault suite's own, never the machine's, and the faults it can be put
 * through: what {@link FaultContract} needs from each broker.
 */
interface FaultyBroker extends AutoCloseable {

    /** The faults not every broker can be put through. */
    enum Fault {
        /** Every client's connection dropped, the broker staying up. */
        DROP_CONNECTIONS,
        /** A memory or disk alarm, which stops publishers until it clears. */
        ALARMS,
        /** A delivery redelivered by the broker when its worker has not settled it in time. */
        DELIVERY_TIMEOUT,
        /** The event log deleted under a join that reads it, which must then fail loudly. */
        EVENT_LOG_DELETED_UNDER_A_JOIN,
        /** A node of a cluster cut off from the others and from the clients for a while, then healed. */
        CUT_OFF
    }

    /** Why a cluster's suite leaves a row whose fault is not the broker's to the one-node suite. */
    String ONE_NODE_SUITE_RUNS_IT = "not the broker's fault: the one-node suite runs it, and a cluster's suite "
            + "runs what a cluster changes (its nodes' faults, a worker killed mid-batch)";

    /** An alarm, raised and cleared. */
    enum Alarm { MEMORY, DISK }

    String uri();

    /** URI options ({@code name=value&…}, maybe none) with which the deliveries a killed worker held come back within seconds. */
    String quickRedelivery();

    /** Faults this broker cannot be put through, each with the reason; their rows say so in the table. */
    Map<Fault, String> cannot();

    /**
     * Why the rows whose fault strikes a handler, a producer, a coordinator or many workers at once, not
     * the broker, are not run again on this broker; empty to run them. A cluster's suite runs what a
     * cluster changes: its nodes' faults, and a worker killed mid-batch (its deliveries come back through
     * another node); the rest is the one-node suite's, where the same code meets the same broker.
     */
    default Optional<String> workerRowsElsewhere() {
        return Optional.empty();
    }

    /** Stops and starts the broker cleanly: every connection drops, the data stays. */
    void gracefulRestart() throws Exception;

    /** SIGKILL, then start: nothing shut down cleanly. */
    void hardKillAndStart() throws Exception;

    /** Drops every client's connection, the broker staying up; a broker that cannot says why ({@link #cannot()}). */
    default void dropEveryConnection() throws Exception {
        throw new UnsupportedOperationException(cannot().get(Fault.DROP_CONNECTIONS));
    }

    /** Cuts the node leading a work queue off the network for {@code time}, then heals it and waits for the cluster. */
    default void cutOffFor(Duration time) throws Exception {
        throw new UnsupportedOperationException(cannot().get(Fault.CUT_OFF));
    }

    /** What a consumer's log calls its subscription to a work queue ("subscribed to NAME again"). */
    String subscriptionName(Topology topology, String queue);

    /** Deletes a work queue (its default lane) behind the backs of the processes using it. */
    void deleteWorkQueue(Topology topology, String queue) throws Exception;

    /**
     * Returns once the broker itself counts {@code consumers} subscriptions to the work queue,
     * where its count is of subscriptions (on NATS and Redis a worker finds a deleted queue by
     * looking, whatever the broker counts).
     */
    default void awaitConsumers(Topology topology, String queue, int consumers) throws Exception {
    }

    void deleteLog(Topology topology, LogSpec log) throws Exception;

    default void raise(Alarm alarm) throws Exception {
        throw new UnsupportedOperationException(cannot().get(Fault.ALARMS));
    }

    default void clear(Alarm alarm) throws Exception {
        throw new UnsupportedOperationException(cannot().get(Fault.ALARMS));
    }

    /**
     * Makes a delivery not settled within {@code seconds} come back: by a URI option where the
     * client sets it (NATS's ack wait), or on the server until {@link #endDeliveryTimeout}
     * (RabbitMQ's {@code consumer_timeout}, for the connections made from then on).
     *
     * @return the URI option, or "" where the server holds the setting
     */
    String deliveryTimeout(int seconds) throws Exception;

    /** Puts back the server's own delivery timeout after {@link #deliveryTimeout} changed it. */
    default void endDeliveryTimeout() throws Exception {
        // Nothing to put back where a URI option set it.
    }
}
