package io.taskmill.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.task.BatchId;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskId;
import io.taskmill.task.TaskLeased;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a tally makes of leases, in log order: who holds a long task, and whose report counts. */
class LeaseBookTest {

    private final String batch = BatchId.create(Instant.ofEpochMilli(1_000_000));
    private final TaskId task = new TaskId(batch, 0);
    private final Tally tally = new Tally(batch, 1_000_000);

    private TaskLeased lease(String claim, String worker, long until, long at) {
        return TaskLeased.of(task, 1, claim, worker, until, at);
    }

    private CompletionEvent done(String worker, long token) {
        return CompletionEvent.succeeded(task, null, 1, worker, 1, 2_000_000).withLease(token);
    }

    private Lease holder() {
        return tally.lease(task).orElseThrow();
    }

    @Test
    void aLapsedLeaseIsTakenOverWithTheNextTokenAndTheSupersededHoldersLateReportIsADuplicate() {
        tally.record(BatchSealed.of(batch, 1, 0));
        tally.record(lease("a", "w1", 1_030_000, 1_000_000));
        tally.record(lease("a", "w1", 1_040_000, 1_010_000));
        tally.record(lease("b", "w2", 1_070_000, 1_040_001));
        assertThat(holder().worker()).isEqualTo("w2");
        assertThat(holder().token()).isEqualTo(1);

        assertThat(tally.record(done("w1", 0))).isEqualTo(Tally.Change.DUPLICATE);
        assertThat(tally.complete()).isFalse();
        assertThat(tally.record(done("w2", 1))).isEqualTo(Tally.Change.FINAL);
        assertThat(tally.complete()).isTrue();
        assertThat(tally.summary(false, 0).perWorker()).containsOnlyKeys("w2");
    }

    @Test
    void aTakeoverBeforeTheLeaseEndsIsVoidAndTheHolderStillCounts() {
        tally.record(BatchSealed.of(batch, 1, 0));
        tally.record(lease("a", "w1", 1_030_000, 1_000_000));
        tally.record(lease("b", "w2", 1_060_000, 1_030_000));
        assertThat(holder().claim()).isEqualTo("a");
        assertThat(holder().token()).isZero();
        // The holder renews after the void takeover: still its lease.
        tally.record(lease("a", "w1", 1_070_000, 1_040_000));
        assertThat(holder().until()).isEqualTo(1_070_000);
        assertThat(tally.record(done("w2", 1))).isEqualTo(Tally.Change.DUPLICATE);
        assertThat(tally.record(done("w1", 0))).isEqualTo(Tally.Change.FINAL);
    }

    @Test
    void ofTwoCopiesTakingOverAtOnceTheFirstInLogOrderHolds() {
        tally.record(lease("a", "w1", 1_030_000, 1_000_000));
        tally.record(lease("b", "w2", 1_070_000, 1_040_000));
        tally.record(lease("c", "w3", 1_070_000, 1_040_000));
        assertThat(holder().claim()).isEqualTo("b");
        assertThat(holder().token()).isEqualTo(1);
        // The superseded holder's renewal, read after the takeover, gives it nothing back.
        tally.record(lease("a", "w1", 1_080_000, 1_050_000));
        assertThat(holder().claim()).isEqualTo("b");
    }

    @Test
    void aReleasedLeaseIsNeverTakenOverAndTheRetrysReportCounts() {
        tally.record(BatchSealed.of(batch, 1, 0));
        tally.record(lease("a", "w1", 1_030_000, 1_000_000));
        tally.record(lease("a", "w1", 0, 1_020_000));
        tally.record(lease("b", "w2", 1_090_000, 1_060_000));
        assertThat(holder().released()).isTrue();
        assertThat(holder().claim()).isEqualTo("a");

        CompletionEvent retry = CompletionEvent.succeeded(task, null, 2, "w3", 1, 2_000_000);
        assertThat(tally.record(retry)).isEqualTo(Tally.Change.FINAL);
    }

    @Test
    void aLeaseOfATaskAlreadyFinalHoldsNothing() {
        tally.record(done("w1", 0));
        tally.record(lease("a", "w2", 1_030_000, 1_000_000));
        assertThat(tally.lease(task)).isEmpty();
        assertThat(tally.isFinal(task)).isTrue();
    }

    @Test
    void aSecondDeliveryOfTheTaskDoesNotCountWhileAnotherWorkerHoldsIt() {
        tally.record(BatchSealed.of(batch, 1, 0));
        tally.record(lease("a", "w1", 1_030_000, 1_000_000));
        // The broker delivered the message twice (a connection lost): w2 never leased it.
        assertThat(tally.record(done("w2", 0))).isEqualTo(Tally.Change.DUPLICATE);
        assertThat(tally.record(done("w1", 0))).isEqualTo(Tally.Change.FINAL);
    }
}
