package io.taskmill.transport.memory;

import io.taskmill.transport.Topology;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One in-JVM broker per {@code mem://name}, so that a producer and embedded workers that
 * open the same URI separately share queues and event log.
 */
final class MemoryBroker {

    private static final Map<String, MemoryBroker> BROKERS = new ConcurrentHashMap<>();

    private final Map<String, MemoryQueue> queues = new ConcurrentHashMap<>();
    private final MemoryEventLog events = new MemoryEventLog();
    private final MemoryEventLog control = new MemoryEventLog();
    private final MemoryEventLog presence = new MemoryEventLog(Topology.PRESENCE_RETENTION);
    private final MemoryEventLog schedules = new MemoryEventLog();
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "taskmill-mem-delays");
        thread.setDaemon(true);
        return thread;
    });

    static MemoryBroker named(String name) {
        return BROKERS.computeIfAbsent(name, n -> new MemoryBroker());
    }

    MemoryQueue queue(String fullName) {
        return queues.computeIfAbsent(fullName, MemoryQueue::new);
    }

    MemoryQueue existingQueue(String fullName) {
        return queues.get(fullName);
    }

    /** Runs {@code action} after {@code delayMs}: the in-JVM stand-in for a TTL delay queue. */
    void later(long delayMs, Runnable action) {
        delays.schedule(action, delayMs, TimeUnit.MILLISECONDS);
    }

    MemoryEventLog events() {
        return events;
    }

    MemoryEventLog control() {
        return control;
    }

    MemoryEventLog presence() {
        return presence;
    }

    MemoryEventLog schedules() {
        return schedules;
    }
}
