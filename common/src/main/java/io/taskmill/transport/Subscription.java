package io.taskmill.transport;

/** A running consumer of a queue or of the event log. */
public interface Subscription extends AutoCloseable {

    /**
     * Stops new deliveries. Deliveries already handed out stay with this subscription and
     * can still be acknowledged: this is the first half of a graceful drain.
     */
    void cancel();

    /** Cancels if needed and releases the subscription; unsettled deliveries go back to the queue. */
    @Override
    void close();
}
