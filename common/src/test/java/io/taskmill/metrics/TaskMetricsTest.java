package io.taskmill.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskmill.task.TaskId;
import io.taskmill.worker.TaskExecution;
import io.taskmill.worker.TaskStart;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TaskMetrics metrics = new TaskMetrics(registry);
    private final TaskId id = new TaskId("mwy808zs-6i99chlq", 0);

    @Test
    void attemptsAreCountedByTypeAndOutcomeAndTimed() {
        metrics.started(new TaskStart(id, "count", 1, 250));
        assertThat(registry.get("taskmill.tasks.in.flight").gauge().value()).isEqualTo(1);
        metrics.executed(new TaskExecution(id, "count", 1, "retried", 40, "IllegalStateException"));
        metrics.started(new TaskStart(id, "count", 2, 1_250));
        metrics.executed(new TaskExecution(id, "count", 2, "succeeded", 60, null));

        assertThat(registry.get("taskmill.tasks").tags("type", "count", "outcome", "started").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("taskmill.tasks").tags("type", "count", "outcome", "retried").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("taskmill.tasks").tags("type", "count", "outcome", "succeeded").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("taskmill.task.duration").tags("outcome", "succeeded").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(60);
        assertThat(registry.get("taskmill.task.wait").timer().max(TimeUnit.MILLISECONDS)).isEqualTo(1_250);
        assertThat(registry.get("taskmill.tasks.in.flight").gauge().value()).isZero();
    }
}
