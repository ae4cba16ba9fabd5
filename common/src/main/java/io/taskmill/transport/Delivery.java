package io.taskmill.transport;

/**
 * One task delivered to a consumer. A delivery is settled by {@link #ack()} once whatever
 * replaces it (a completion event, a retry, a dead letter) is confirmed; a delivery left
 * unsettled when its subscription closes (or its process dies) is redelivered with
 * {@link #redelivered()} true.
 *
 * <p>Settling methods may be called from any thread. After a reconnect the broker has
 * already redelivered unsettled messages, so settling a stale delivery is a no-op.
 */
public interface Delivery {

    byte[] body();

    boolean redelivered();

    /**
     * How many times the broker delivered this message before, as the broker itself counts
     * it (RabbitMQ's quorum queues do); 0 when the broker does not say. Never a value a
     * publisher could have written: a worker gives up on a task by this count.
     */
    long previousDeliveries();

    /**
     * The broker's name for the stored message this delivery carries: two deliveries of one
     * message have the same, a message published anew has another; null where the broker does
     * not say. What a worker makes of a delivery (a dead letter) is named after it, so that a
     * broker that delivered one message twice at once does not keep two.
     */
    default String identity() {
        return null;
    }

    /** task_done: removes the message from the queue for good. */
    void ack();
}
