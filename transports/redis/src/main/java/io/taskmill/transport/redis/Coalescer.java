package io.taskmill.transport.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Sends what callers add one command for many: while a command is out, what arrives waits,
 * and goes in the next one, as soon as the server answered the last. Alone, an item goes at
 * once; under load a command carries up to {@code most} of them, so the client and the
 * server handle one command, not one per item (acks and publishes one task a message, the
 * commands that cost a worker and a producer most).
 */
final class Coalescer<T> {

    private final ConcurrentLinkedQueue<T> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final int most;
    private final Function<List<T>, CompletableFuture<?>> send;

    /** @param send sends a command for the items and returns its answer; it must not throw */
    Coalescer(int most, Function<List<T>, CompletableFuture<?>> send) {
        this.most = most;
        this.send = send;
    }

    void add(T item) {
        waiting.add(item);
        sendNext();
    }

    private void sendNext() {
        while (!waiting.isEmpty() && sending.compareAndSet(false, true)) {
            List<T> items = new ArrayList<>(Math.min(most, 64));
            for (T item; items.size() < most && (item = waiting.poll()) != null; ) {
                items.add(item);
            }
            if (items.isEmpty()) {
                sending.set(false);
                continue;
            }
            send.apply(items).whenComplete((answer, failure) -> {
                sending.set(false);
                sendNext();
            });
            return;
        }
    }
}
