package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.coordinator.JoinSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryPrinterTest {

    @Test
    void aJoinThatTimedOutOnABatchNeverSealedSaysSoWithoutCountingTasksNotFinalAsNone() {
        JoinSummary summary = new JoinSummary("b", -1, 1_800, 1_800, 0, 0, 0, 0, Map.of("w1", 1_800L), 60.5, true,
                List.of());
        String text = SummaryPrinter.toText(summary);
        assertThat(text).contains("TIMED OUT: the batch is not sealed").contains("1800 of its tasks are final")
                .contains("wall time 60.50 s").doesNotContain("0 tasks not final");
    }

    @Test
    void aJoinThatTimedOutOnASealedBatchNamesTheTasksNotFinal() {
        JoinSummary summary = new JoinSummary("b", 3, 1, 1, 0, 0, 2, 0, Map.of("w1", 1L), 10, true,
                List.of("b:1", "b:2"));
        assertThat(SummaryPrinter.toText(summary)).endsWith("TIMED OUT with 2 tasks not final: b:1 b:2");
    }

    @Test
    void aBatchNoWorkerTookSaysNoneRanItNotAnEmptyList() {
        JoinSummary summary = new JoinSummary("b", 1, 0, 0, 0, 0, 1, 0, Map.of(), 10, true, List.of("b:0"));
        assertThat(SummaryPrinter.toText(summary)).contains("tasks per worker: none");
    }

    @Test
    void oneTaskIsSaidInTheSingular() {
        JoinSummary summary = new JoinSummary("b", 2, 1, 1, 0, 0, 1, 0, Map.of("w1", 1L), 10, true, List.of("b:1"));
        assertThat(SummaryPrinter.toText(summary)).startsWith("batch b: 2 tasks, 1 succeeded")
                .endsWith("TIMED OUT with 1 task not final: b:1");
    }
}
