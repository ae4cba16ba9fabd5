package io.taskmill.transport.memory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One in-JVM broker per {@code mem://name}, so that a producer and embedded workers that
 * open the same URI separately share queues and event log.
 */
final class MemoryBroker {

    private static final Map<String, MemoryBroker> BROKERS = new ConcurrentHashMap<>();

    private final Map<String, MemoryQueue> queues = new ConcurrentHashMap<>();
    private final MemoryEventLog events = new MemoryEventLog();

    static MemoryBroker named(String name) {
        return BROKERS.computeIfAbsent(name, n -> new MemoryBroker());
    }

    MemoryQueue queue(String fullName) {
        return queues.computeIfAbsent(fullName, MemoryQueue::new);
    }

    MemoryQueue existingQueue(String fullName) {
        return queues.get(fullName);
    }

    MemoryEventLog events() {
        return events;
    }
}
