package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.coordinator.TaskFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryPrinterTest {

    @Test
    void aJoinThatTimedOutOnABatchNeverSealedSaysSoWithoutCountingTasksNotFinalAsNone() {
        JoinSummary summary = new JoinSummary("b", -1, 1_800, 1_800, 0, 0, 0, 0, Map.of("w1", 1_800L), 60.5, true,
                List.of(), List.of());
        String text = SummaryPrinter.toText(summary);
        assertThat(text).contains("TIMED OUT: the batch is not sealed").contains("1800 of its tasks are final")
                .contains("wall time 60.50 s").doesNotContain("0 tasks not final");
    }

    @Test
    void aJoinThatTimedOutOnASealedBatchNamesTheTasksNotFinal() {
        JoinSummary summary = new JoinSummary("b", 3, 1, 1, 0, 0, 2, 0, Map.of("w1", 1L), 10, true,
                List.of("b:1", "b:2"), List.of());
        assertThat(SummaryPrinter.toText(summary)).endsWith("TIMED OUT with 2 tasks not final: b:1 b:2");
    }

    @Test
    void aBatchNoWorkerTookSaysNoneRanItNotAnEmptyList() {
        JoinSummary summary = new JoinSummary("b", 1, 0, 0, 0, 0, 1, 0, Map.of(), 10, true, List.of("b:0"), List.of());
        assertThat(SummaryPrinter.toText(summary)).contains("tasks per worker: none");
    }

    @Test
    void oneTaskIsSaidInTheSingular() {
        JoinSummary summary = new JoinSummary("b", 2, 1, 1, 0, 0, 1, 0, Map.of("w1", 1L), 10, true, List.of("b:1"), List.of());
        assertThat(SummaryPrinter.toText(summary)).startsWith("batch b: 2 tasks, 1 succeeded")
                .endsWith("TIMED OUT with 1 task not final: b:1");
    }

    @Test
    void aSummaryWithFailuresNamesTheFirstWithTheirErrorsAndCountsTheRest() {
        JoinSummary summary = new JoinSummary("b", 9, 9, 2, 7, 0, 0, 0, Map.of("w1", 9L), 1, false, List.of(),
                List.of(new TaskFailure("b:0", 3, "w1", "IllegalStateException: boom"),
                        new TaskFailure("b:4", 1, "w1", "NonRetryableException: no such file: /x")));
        assertThat(SummaryPrinter.toText(summary)).endsWith(String.join(System.lineSeparator(),
                "failed: b:0 after 3 attempts on w1: IllegalStateException: boom",
                "failed: b:4 after 1 attempt on w1: NonRetryableException: no such file: /x",
                "and 5 more failed (taskmill dlq list shows them with their errors)"));
    }

    @Test
    void theJsonSummaryHoldsTheFailuresAndRoundsTheRate() throws Exception {
        JoinSummary summary = new JoinSummary("b", 3, 3, 2, 1, 0, 0, 0, Map.of("w1", 3L), 0.7, false, List.of(),
                List.of(new TaskFailure("b:2", 2, "w1", "IllegalStateException: boom")));
        var node = new ObjectMapper().readTree(SummaryPrinter.toJson(summary));
        assertThat(node.path("failures").get(0).path("error").asText()).isEqualTo("IllegalStateException: boom");
        assertThat(node.path("failures").get(0).path("attempts").asInt()).isEqualTo(2);
        assertThat(node.path("tasksPerSecond").asText()).isEqualTo("4.3");
        assertThat(node.path("exitCode").asInt()).isEqualTo(1);
    }
}
