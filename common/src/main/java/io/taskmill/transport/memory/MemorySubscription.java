package io.taskmill.transport.memory;

import io.taskmill.transport.Delivery;
import io.taskmill.transport.DeliveryHandler;
import io.taskmill.transport.TaskSubscription;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One consumer of a {@link MemoryQueue}. Its handler runs on a dispatch thread of its own,
 * as with an AMQP channel, so that the queue's lock is never held while user code runs.
 * Unsettled deliveries are guarded by the queue's monitor.
 */
final class MemorySubscription implements TaskSubscription {

    private final MemoryQueue queue;
    private volatile int prefetch;
    private final DeliveryHandler handler;
    private final Map<Long, MemoryQueue.Message> unsettled = new LinkedHashMap<>();
    private final ExecutorService dispatcher;
    private final AtomicBoolean closed = new AtomicBoolean();
    private long nextTag;

    MemorySubscription(MemoryQueue queue, int prefetch, DeliveryHandler handler) {
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1, was " + prefetch);
        }
        this.queue = queue;
        this.prefetch = prefetch;
        this.handler = handler;
        this.dispatcher = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "taskmill-mem-" + queue.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Called with the queue's monitor held. */
    boolean hasRoom() {
        return !closed.get() && unsettled.size() < prefetch;
    }

    /** Called with the queue's monitor held. */
    void deliver(MemoryQueue.Message message) {
        long tag = ++nextTag;
        unsettled.put(tag, message);
        Delivery delivery = new MemoryDelivery(tag, message);
        dispatcher.execute(() -> handler.onDelivery(delivery));
    }

    /** Called with the queue's monitor held; null when the tag is stale. */
    MemoryQueue.Message release(long tag) {
        return unsettled.remove(tag);
    }

    @Override
    public void resize(int window) {
        prefetch = TaskSubscription.requireWindow(window);
        queue.resized();
    }

    @Override
    public void cancel() {
        queue.stopDelivering(this);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (queue) {
            queue.stopDelivering(this);
            queue.returnUnsettled(unsettled.values());
            unsettled.clear();
        }
        dispatcher.shutdown();
    }

    private final class MemoryDelivery implements Delivery {

        private final long tag;
        private final MemoryQueue.Message message;

        MemoryDelivery(long tag, MemoryQueue.Message message) {
            this.tag = tag;
            this.message = message;
        }

        @Override
        public byte[] body() {
            return message.body();
        }

        @Override
        public boolean redelivered() {
            return message.redelivered();
        }

        @Override
        public long previousDeliveries() {
            return message.previousDeliveries();
        }

        @Override
        public void ack() {
            queue.settled(MemorySubscription.this, tag);
        }
    }
}
