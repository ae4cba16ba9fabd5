package io.taskmill.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.task.BatchCancelled;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchOpened;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskId;
import io.taskmill.task.TaskProgress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TallyTest {

    private final String batch = BatchId.create(Instant.ofEpochMilli(1_000_000));
    private final Tally tally = new Tally(batch, 1_000_000);

    private CompletionEvent ok(long seq, String worker) {
        return CompletionEvent.succeeded(new TaskId(batch, seq), null, 1, worker, 1, 1_002_000);
    }

    private CompletionEvent failed(long seq) {
        return CompletionEvent.failed(new TaskId(batch, seq), "Boom", 1, "w1", 1, 1_001_000);
    }

    @Test
    void aBatchIsCompleteOnlyWhenSealedAndEveryTaskIsFinal() {
        tally.record(ok(0, "w1"));
        tally.record(ok(1, "w2"));
        assertThat(tally.complete()).isFalse();
        tally.record(BatchSealed.of(batch, 3, 0));
        assertThat(tally.complete()).isFalse();
        tally.record(failed(2));
        assertThat(tally.complete()).isTrue();

        JoinSummary summary = tally.summary(false, 10);
        assertThat(summary.total()).isEqualTo(3);
        assertThat(summary.succeeded()).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.duplicates()).isZero();
        assertThat(summary.perWorker()).containsEntry("w1", 2L).containsEntry("w2", 1L);
        assertThat(summary.wallSeconds()).isEqualTo(2.0);
        assertThat(summary.exitCode()).isEqualTo(1);
    }

    private TaskProgress said(long seq, long done, long at) {
        return TaskProgress.of(new TaskId(batch, seq), done, 10, "step " + done, "w1", at);
    }

    @Test
    void aRunningTasksLatestWordOnItsProgressIsKeptUntilItIsFinalAndNeverCounted() {
        tally.record(said(0, 2, 1_000_100));
        tally.record(said(0, 5, 1_000_300));
        tally.record(said(0, 4, 1_000_200));
        tally.record(said(1, 1, 1_000_250));
        assertThat(tally.running(3)).extracting(TaskProgress::describe).containsExactly("50% step 5", "10% step 1");
        assertThat(tally.summary(false, 0).done()).isZero();

        tally.record(ok(0, "w1"));
        tally.record(said(0, 9, 1_000_400));
        assertThat(tally.running(3)).as("a final task says no more").extracting(TaskProgress::id)
                .containsExactly(batch + ":1");
        tally.record(BatchSealed.of(batch, 1, 0));
        assertThat(tally.running(3)).as("past the end of the batch").isEmpty();
    }

    @Test
    void aCancellationAloneDoesNotMakeABatchThatNoProducerOpened() {
        tally.record(BatchCancelled.of(batch, 1_000_500));
        assertThat(tally.seen()).isFalse();

        Tally opened = new Tally(batch, 1_000_000);
        opened.record(BatchOpened.of(batch, 1_000_000));
        opened.record(BatchCancelled.of(batch, 1_000_500));
        assertThat(opened.seen()).isTrue();
        assertThat(opened.opened()).isTrue();
        assertThat(opened.complete()).isTrue();
    }

    @Test
    void outcomesWithoutTheOpeningAreSeenButNotOpened() {
        tally.record(ok(0, "w1"));
        assertThat(tally.seen()).isTrue();
        assertThat(tally.opened()).isFalse();
    }

    @Test
    void aJoinThatTimedOutReportsTheWallTimeUpToItsEndNotToTheLastReport() {
        tally.record(ok(0, "w1"));
        assertThat(tally.summary(true, 10, 1_060_000).wallSeconds()).isEqualTo(60.0);
        assertThat(tally.summary(false, 10, 1_060_000).wallSeconds()).isEqualTo(2.0);
    }

    @Test
    void redeliveriesAreCountedAsDuplicatesNotAsTasks() {
        tally.record(BatchSealed.of(batch, 2, 0));
        assertThat(tally.record(ok(0, "w1"))).isEqualTo(Tally.Change.FINAL);
        assertThat(tally.record(ok(0, "w2"))).isEqualTo(Tally.Change.DUPLICATE);
        assertThat(tally.record(ok(1, "w1"))).isEqualTo(Tally.Change.FINAL);

        JoinSummary summary = tally.summary(false, 10);
        assertThat(summary.done()).isEqualTo(2);
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.exitCode()).isZero();
    }

    @Test
    void aSuccessAfterAFailureWinsWhicheverArrivesFirst() {
        Tally other = new Tally(batch, 1_000_000);
        tally.record(failed(0));
        assertThat(tally.record(ok(0, "w1"))).isEqualTo(Tally.Change.UPGRADED);
        other.record(ok(0, "w1"));
        assertThat(other.record(failed(0))).isEqualTo(Tally.Change.DUPLICATE);

        assertThat(tally.summary(false, 0).succeeded()).isEqualTo(other.summary(false, 0).succeeded()).isEqualTo(1);
    }

    @Test
    void aReplayedFailureIsPendingUntilItsNextReportAndIsNotADuplicate() {
        tally.record(BatchSealed.of(batch, 1, 0));
        tally.record(failed(0));
        assertThat(tally.complete()).isTrue();

        assertThat(tally.record(io.taskmill.task.TaskReplayed.of(new TaskId(batch, 0), 1))).isEqualTo(Tally.Change.REOPENED);
        assertThat(tally.complete()).isFalse();
        assertThat(tally.record(ok(0, "w2"))).isEqualTo(Tally.Change.FINAL);

        JoinSummary summary = tally.summary(false, 0);
        assertThat(summary.succeeded()).isEqualTo(1);
        assertThat(summary.failed()).isZero();
        assertThat(summary.duplicates()).isZero();
        assertThat(summary.perWorker()).containsExactly(java.util.Map.entry("w2", 1L));
        assertThat(summary.failures()).isEmpty();
        assertThat(tally.heldFailures()).isEmpty();
    }

    @Test
    void aTaskCountsOnceForTheWorkerOfItsFinalOutcome() {
        tally.record(BatchSealed.of(batch, 2, 0));
        tally.record(failed(0));
        tally.record(ok(0, "w2"));
        tally.record(ok(1, "w2"));
        tally.record(ok(1, "w3"));

        assertThat(tally.summary(false, 0).perWorker()).containsExactly(java.util.Map.entry("w2", 2L));
        assertThat(tally.summary(false, 0).duplicates()).isEqualTo(2);
    }

    @Test
    void aSummaryNamesTheFirstFailuresByIdWithTheirErrors() {
        tally.record(BatchSealed.of(batch, 8, 0));
        for (long seq = 7; seq >= 0; seq--) {
            tally.record(CompletionEvent.failed(new TaskId(batch, seq), "IllegalStateException: no " + seq, 3, "w1",
                    1, 1_001_000));
        }
        tally.record(ok(0, "w2"));

        JoinSummary summary = tally.summary(false, 0);
        assertThat(summary.failed()).isEqualTo(7);
        assertThat(summary.failures()).extracting(TaskFailure::id)
                .containsExactly(batch + ":1", batch + ":2", batch + ":3", batch + ":4", batch + ":5");
        assertThat(summary.failures().get(0))
                .isEqualTo(new TaskFailure(batch + ":1", 3, "w1", "IllegalStateException: no 1"));
    }

    @Test
    void aFailureIsHeldUntilASuccessOrAReplayTakesItBack() {
        CompletionEvent first = failed(0);
        CompletionEvent second = failed(1);
        tally.record(first);
        tally.record(second);
        assertThat(tally.holds(first)).isTrue();
        assertThat(tally.holds(failed(0))).as("another report of the same task").isFalse();

        tally.record(ok(0, "w2"));
        tally.record(io.taskmill.task.TaskReplayed.of(new TaskId(batch, 1), 1));
        assertThat(tally.holds(first)).isFalse();
        assertThat(tally.heldFailures()).isEmpty();
        tally.record(second);
        assertThat(tally.heldFailures()).containsExactly(second);
    }

    @Test
    void otherBatchesAreIgnoredAndMissingTasksAreListed() {
        String otherBatch = BatchId.create(Instant.ofEpochMilli(2_000_000));
        tally.record(BatchSealed.of(batch, 4, 0));
        assertThat(tally.record(CompletionEvent.succeeded(new TaskId(otherBatch, 0), null, 1, "w", 1, 1)))
                .isEqualTo(Tally.Change.NONE);
        tally.record(ok(1, "w1"));

        JoinSummary summary = tally.summary(true, 2);
        assertThat(summary.missing()).isEqualTo(3);
        assertThat(summary.missingIds()).containsExactly(batch + ":0", batch + ":2");
        assertThat(summary.exitCode()).isEqualTo(2);
    }
}
