package io.taskmill.transport.memory;

import io.taskmill.transport.DeliveryHandler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * A queue with AMQP's delivery rules: round-robin over consumers that have prefetch room,
 * unsettled messages returned to the head of the queue, marked redelivered, when their
 * consumer goes away. All state is guarded by the queue's monitor.
 */
final class MemoryQueue {

    record Message(byte[] body, boolean redelivered) {
    }

    private final String name;
    private final Deque<Message> ready = new ArrayDeque<>();
    private final List<MemorySubscription> consumers = new ArrayList<>();
    private MemoryQueue deadLetters;
    private int next;

    MemoryQueue(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    synchronized void deadLetterTo(MemoryQueue queue) {
        this.deadLetters = queue;
    }

    synchronized void publish(byte[] body) {
        ready.addLast(new Message(body, false));
        dispatch();
    }

    synchronized MemorySubscription subscribe(int prefetch, DeliveryHandler handler) {
        MemorySubscription subscription = new MemorySubscription(this, prefetch, handler);
        consumers.add(subscription);
        dispatch();
        return subscription;
    }

    synchronized void settled(MemorySubscription from, long tag, boolean deadLetter) {
        Message message = from.release(tag);
        if (message != null && deadLetter && deadLetters != null) {
            deadLetters.publish(message.body());
        }
        dispatch();
    }

    synchronized void stopDelivering(MemorySubscription subscription) {
        consumers.remove(subscription);
    }

    synchronized void returnUnsettled(Collection<Message> unsettled) {
        List<Message> back = new ArrayList<>(unsettled);
        for (int i = back.size() - 1; i >= 0; i--) {
            ready.addFirst(new Message(back.get(i).body(), true));
        }
        dispatch();
    }

    synchronized long depth() {
        return ready.size();
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
