package io.taskmill.transport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One work queue: tasks in, at least once, acknowledged by the worker. Obtained from
 * {@link Transport#workQueue}; the transport declares what it needs on first use.
 *
 * <p>Every publish completes its future once the broker has taken responsibility for the
 * message (a publisher confirm, a publish ack), and completes it exceptionally with a
 * {@link TransportException} if the broker refused it, could not route it, or the
 * connection was lost first. A publish blocks while too many await confirmation. Futures
 * complete on transport threads: callers must not block in their callbacks.
 */
public interface WorkQueue {

    /**
     * Publishes a task. A broker may keep only the first of two messages with the same
     * {@code messageId} inside its duplicate window (JetStream does), so a message that
     * must not be taken for another needs an id of its own.
     */
    CompletableFuture<Void> publish(byte[] body, String messageId);

    /**
     * Publishes a task to come back to this queue after {@code delay}: a retry the broker
     * holds ({@link Capability#BROKER_SIDE_DELAY}), so no worker thread waits for it. As with
     * {@link #publish}, a broker that drops duplicates keeps one message per {@code messageId}
     * in its window: name each message meant to go out on its own.
     */
    CompletableFuture<Void> publishLater(byte[] body, Duration delay, String messageId);

    /**
     * Makes ready now what {@link #publishLater} needs the first time (on RabbitMQ the delay
     * ladder), so that a first delayed publish made against a deadline does not also wait for
     * that. Blocks; nothing to do on most brokers.
     */
    default void prepareLater() {
        // Nothing to make ready.
    }

    /** Publishes a message to this queue's dead letters, with the reason in headers. */
    CompletableFuture<Void> deadLetter(byte[] body, Map<String, String> reason, String messageId);

    /**
     * Starts delivering tasks to {@code handler}, with at most {@code prefetch}
     * unacknowledged deliveries outstanding (until {@link TaskSubscription#resize}).
     */
    TaskSubscription consume(int prefetch, DeliveryHandler handler);

    /** This queue's dead letters, to inspect, replay or purge. */
    DeadLetterQueue deadLetters();
}
