package io.taskmill.transport.memory;

import io.taskmill.transport.DeliveryHandler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A queue with AMQP's delivery rules: round-robin over consumers that have prefetch room,
 * unsettled messages returned to the head of the queue, marked redelivered, when their
 * consumer goes away. All state is guarded by the queue's monitor.
 */
final class MemoryQueue {

    private long delayed;

    record Message(byte[] body, boolean redelivered, long previousDeliveries, Map<String, String> headers,
                   String messageId) {

        Message redelivery() {
            return new Message(body, true, previousDeliveries + 1, headers, messageId);
        }
    }

    private final String name;
    private final Deque<Message> ready = new ArrayDeque<>();
    private final List<MemorySubscription> consumers = new ArrayList<>();
    private int next;

    MemoryQueue(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    synchronized void publish(byte[] body, Map<String, String> headers, String messageId) {
        ready.addLast(new Message(body, false, 0, Map.copyOf(headers), messageId));
        dispatch();
    }

    synchronized MemorySubscription subscribe(int prefetch, DeliveryHandler handler) {
        MemorySubscription subscription = new MemorySubscription(this, prefetch, handler);
        consumers.add(subscription);
        dispatch();
        return subscription;
    }

    synchronized void settled(MemorySubscription from, long tag) {
        from.release(tag);
        dispatch();
    }

    /** A consumer's window changed: a larger one may take ready messages now. */
    synchronized void resized() {
        dispatch();
    }

    synchronized void stopDelivering(MemorySubscription subscription) {
        consumers.remove(subscription);
    }

    synchronized void returnUnsettled(Collection<Message> unsettled) {
        List<Message> back = new ArrayList<>(unsettled);
        for (int i = back.size() - 1; i >= 0; i--) {
            ready.addFirst(back.get(i).redelivery());
        }
        dispatch();
    }

    /** Takes the ready messages out, for a caller that puts back what it keeps with {@link #restore}. */
    synchronized List<Message> takeAll() {
        List<Message> all = new ArrayList<>(ready);
        ready.clear();
        return all;
    }

    synchronized void restore(List<Message> kept) {
        for (int i = kept.size() - 1; i >= 0; i--) {
            ready.addFirst(kept.get(i));
        }
        dispatch();
    }

    synchronized long depth() {
        return ready.size();
    }

    /** Messages waiting out a delay before they join this queue. */
    synchronized long delayed() {
        return delayed;
    }

    synchronized void delay(int change) {
        delayed += change;
    }

    synchronized int consumerCount() {
        return consumers.size();
    }

    private void dispatch() {
        while (!ready.isEmpty() && !consumers.isEmpty()) {
            MemorySubscription target = nextWithRoom();
            if (target == null) {
                return;
            }
            target.deliver(ready.pollFirst());
        }
    }

    private MemorySubscription nextWithRoom() {
        for (int i = 0; i < consumers.size(); i++) {
            MemorySubscription candidate = consumers.get((next + i) % consumers.size());
            if (candidate.hasRoom()) {
                next = (next + i + 1) % consumers.size();
                return candidate;
            }
        }
        return null;
    }
}
