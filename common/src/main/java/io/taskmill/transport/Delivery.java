package io.taskmill.transport;

/**
 * One task delivered to a consumer. Exactly one of {@link #ack()}, {@link #deadLetter()}
 * should be called; a delivery left unsettled when its subscription closes (or its
 * process dies) is redelivered with {@link #redelivered()} true.
 *
 * <p>Settling methods may be called from any thread. After a reconnect the broker has
 * already redelivered unsettled messages, so settling a stale delivery is a no-op.
 */
public interface Delivery {

    byte[] body();

    boolean redelivered();

    /** task_done: removes the message from the queue for good. */
    void ack();

    /** Moves the message to the queue's dead-letter queue, never back to the work queue. */
    void deadLetter();
}
