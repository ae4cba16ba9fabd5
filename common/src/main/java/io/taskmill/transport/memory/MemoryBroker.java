package io.taskmill.transport.memory;

import io.taskmill.transport.LogRetention;
import io.taskmill.transport.LogSpec;
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
    private final Map<String, MemoryEventLog> logs = new ConcurrentHashMap<>();
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

    /**
     * A log by its spec's own age limit; its size is bounded by what this JVM holds (see
     * {@link MemoryEventLog}), not by the spec, and the deployment's age limit is longer than
     * the process lives.
     */
    MemoryEventLog log(LogSpec spec) {
        return logs.computeIfAbsent(spec.name(), name -> new MemoryEventLog(spec.retention()
                .flatMap(LogRetention::maxAge).orElse(null)));
    }
}
