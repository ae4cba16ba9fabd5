package io.taskmill.transport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to a broker, seen as three things: work queues (tasks, at least once, acked
 * by the worker), one append-only event log per deployment (completion events and batch
 * seals, re-readable from a point in time), and queue statistics.
 *
 * <p>Queues are named by their short name ({@code default}); the transport puts them under
 * its {@link Topology}'s prefix and declares them, idempotently, on first use.
 *
 * <p>Implementations are thread-safe. Futures complete on transport threads: callers must
 * not block in their callbacks.
 */
public interface Transport extends AutoCloseable {

    /**
     * Publishes one task message. The future completes once the broker has taken
     * responsibility for it (a publisher confirm), and completes exceptionally with a
     * {@link TransportException} if the broker refused it, could not route it, or the
     * connection was lost first. Blocks while too many publishes await confirmation.
     */
    CompletableFuture<Void> publishTask(String queue, byte[] body, String messageId);

    /**
     * Publishes a task to come back to {@code queue} after {@code delayMs}: a retry the broker
     * carries out, so no worker thread waits for it. Confirmed like {@link #publishTask}.
     *
     * @param attempt the attempt that failed (1 for the first)
     */
    CompletableFuture<Void> publishRetry(String queue, int attempt, byte[] body, long delayMs, String messageId);

    /**
     * Publishes a message to the queue's dead-letter queue with the reason in headers.
     * Confirmed like {@link #publishTask}.
     */
    CompletableFuture<Void> publishDeadLetter(String queue, byte[] body, Map<String, String> reason, String messageId);

    /** The dead-letter queue of a work queue, to inspect, replay or purge. */
    DeadLetterQueue deadLetters(String queue);

    /**
     * Starts delivering tasks from a queue to {@code handler}, with at most
     * {@code prefetch} unacknowledged deliveries outstanding.
     */
    Subscription consumeTasks(String queue, int prefetch, DeliveryHandler handler);

    /** Appends an event to the log. The future completes once the event is durable (confirmed). */
    CompletableFuture<Void> appendEvent(byte[] body);

    /** For {@link #readEvents}: only events appended after the subscription started, whatever the clocks say. */
    long FROM_NOW = Long.MAX_VALUE;

    /**
     * Reads the event log from the first event appended at or after {@code fromEpochMillis}
     * by the broker's clock (an implementation may start earlier, never later), or from now
     * on with {@link #FROM_NOW}, and then follows it, calling {@code handler} for each event
     * in log order on one transport thread.
     */
    Subscription readEvents(long fromEpochMillis, EventHandler handler);

    /**
     * Appends to the control log: rare messages that every worker follows (cancellations),
     * kept apart from the event log so that workers need not read every completion.
     */
    CompletableFuture<Void> appendControl(byte[] body);

    /** Reads the control log as {@link #readEvents} reads the event log. */
    Subscription readControl(long fromEpochMillis, EventHandler handler);

    /** Depth and consumer count of the named queues, and of their dead-letter queues. */
    List<QueueInfo> status(List<String> queues);

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
