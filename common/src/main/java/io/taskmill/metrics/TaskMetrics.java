package io.taskmill.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taskmill.worker.TaskExecution;
import io.taskmill.worker.TaskStart;
import io.taskmill.worker.WorkerListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's metrics, from its events alone: {@code taskmill.tasks} counted by type and
 * outcome ({@code started}, {@code succeeded}, {@code retried}, {@code dead_lettered},
 * {@code cancelled}), {@code taskmill.task.duration} and {@code taskmill.task.wait} (creation
 * by the producer to start here) as timers with percentiles, and the tasks running now.
 */
public final class TaskMetrics implements WorkerListener {

    private static final double[] PERCENTILES = {0.5, 0.9, 0.99};

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

    public TaskMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("taskmill.tasks.in.flight", inFlight);
    }

    @Override
    public void started(TaskStart start) {
        inFlight.incrementAndGet();
        tasks(start.type(), "started").increment();
        Timer.builder("taskmill.task.wait").description("From the task's creation by its producer to an attempt's start")
                .tag("type", start.type()).publishPercentiles(PERCENTILES).register(registry)
                .record(Duration.ofMillis(start.waitedMs()));
    }

    @Override
    public void executed(TaskExecution execution) {
        inFlight.decrementAndGet();
        tasks(execution.type(), execution.outcome()).increment();
        Timer.builder("taskmill.task.duration").description("How long an attempt ran")
                .tag("type", execution.type()).tag("outcome", execution.outcome())
                .publishPercentiles(PERCENTILES).register(registry).record(Duration.ofMillis(execution.durationMs()));
    }

    private Counter tasks(String type, String outcome) {
        return Counter.builder("taskmill.tasks").description("Task attempts by type and what came of them")
                .tag("type", type).tag("outcome", outcome).register(registry);
    }
}
