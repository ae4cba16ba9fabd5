package io.taskmill.spring;

import io.taskmill.client.TaskmillWorker;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** Up while the worker is connected and taking tasks; down while it reconnects, drains or has stopped. */
public class TaskmillHealthIndicator implements HealthIndicator {

    private final TaskmillWorkerLifecycle lifecycle;

    public TaskmillHealthIndicator(TaskmillWorkerLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Health health() {
        TaskmillWorker worker = lifecycle.worker();
        if (worker == null) {
            return Health.down().withDetail("worker", "not started").build();
        }
        Health.Builder health = worker.healthy() ? Health.up() : Health.down();
        return health.withDetail("broker", worker.describe()).withDetail("taskTypes", worker.taskTypes())
                .withDetail("completed", worker.completed()).build();
    }
}
