package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.coordinator.Progress;
import io.taskmill.task.TaskId;
import io.taskmill.task.TaskProgress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

    private static final String B = io.taskmill.task.BatchId.create(java.time.Instant.ofEpochMilli(1_000));

    @Test
    void theLineEndsWithWhatTheLatestRunningTaskSaidOfItsProgress() {
        TaskProgress said = TaskProgress.of(new TaskId(B, 7), 40, 100, "indexing", "vm/1", 5_000);
        TaskProgress unknownTotal = TaskProgress.of(new TaskId(B, 8), 12, -1, null, "vm/1", 4_000);

        assertThat(ProgressPrinter.render(new Progress(B, 3, 10, Duration.ofSeconds(2), 1.5, true,
                List.of(said, unknownTotal)))).isEqualTo(B + ": 3/10 done, 1.5 tasks/s, ETA 4s; task 7: 40% indexing");
        assertThat(ProgressPrinter.render(new Progress(B, 3, 10, Duration.ofSeconds(2), 1.5, true,
                List.of(unknownTotal)))).endsWith("; task 8: 12 done");
        assertThat(ProgressPrinter.render(new Progress(B, 3, 10, Duration.ofSeconds(2), 1.5, true)))
                .isEqualTo(B + ": 3/10 done, 1.5 tasks/s, ETA 4s");
    }
}
