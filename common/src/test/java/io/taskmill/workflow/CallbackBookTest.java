package io.taskmill.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.task.BatchId;
import io.taskmill.task.Callback;
import io.taskmill.task.CallbackDeclared;
import io.taskmill.task.CallbackFired;
import io.taskmill.task.CallbackProposed;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallbackBookTest {

    private static final long T = 1_800_000_000_000L;
    private static final long LEASE = CallbackBook.LEASE.toMillis();
    private final String batch = BatchId.create(Instant.ofEpochMilli(T));
    private final CallbackBook book = new CallbackBook();

    private CallbackProposed proposal(String id, long at) {
        return CallbackProposed.of(batch, id, "worker-" + id, at);
    }

    @Test
    void theFirstProposalInLogOrderHoldsTheCallbackWhateverItsClockSays() {
        book.apply(CallbackDeclared.of(batch, Callback.summary("report", null, "default"), T));
        assertThat(book.open(batch, T)).isTrue();
        assertThat(book.apply(proposal("a", T + 10))).map(CallbackProposed::proposal).contains("a");
        assertThat(book.apply(proposal("b", T + 5))).as("later in the log, earlier by its clock").isEmpty();
        assertThat(book.open(batch, T + 10 + LEASE - 1)).isFalse();
    }

    @Test
    void aProposalALeaseAfterTheHoldersTakesOverFromAHolderThatSettledNothing() {
        book.apply(CallbackDeclared.of(batch, Callback.summary("report", null, "default"), T));
        book.apply(proposal("a", T));
        assertThat(book.open(batch, T + LEASE)).isTrue();
        assertThat(book.apply(proposal("b", T + LEASE - 1))).isEmpty();
        assertThat(book.apply(proposal("c", T + LEASE))).map(CallbackProposed::proposal).contains("c");
    }

    @Test
    void aSettledCallbackTakesNoMoreProposalsNorAGainDeclaration() {
        Callback callback = Callback.summary("report", null, "default");
        book.apply(CallbackDeclared.of(batch, callback, T));
        book.apply(proposal("a", T));
        book.apply(CallbackFired.fired(batch, "x-12345678", "worker-a", T + 1));
        assertThat(book.settled(batch)).isTrue();
        assertThat(book.open(batch, T + 10 * LEASE)).isFalse();
        assertThat(book.apply(proposal("b", T + 10 * LEASE))).isEmpty();
        book.apply(CallbackDeclared.of(batch, callback, T + 2));
        assertThat(book.declared(batch)).isEmpty();
    }

    @Test
    void aProposalForABatchNotDeclaredHereHoldsNothing() {
        assertThat(book.apply(proposal("a", T))).isEmpty();
        assertThat(book.open(batch, T)).isFalse();
    }

    @Test
    void theFirstDeclarationStandsSoEveryFiringNamesTheSameBatch() {
        book.apply(CallbackDeclared.of(batch, Callback.summary("report", null, "default"), T));
        book.apply(CallbackDeclared.of(batch, Callback.summary("report", null, "default"), T + 99));
        assertThat(book.declared(batch)).map(CallbackDeclared::at).contains(T);
        assertThat(CallbackDeclared.of(batch, Callback.summary("x", null, "q"), T).callbackBatch())
                .isEqualTo(CallbackDeclared.of(batch, Callback.summary("y", null, "q"), T).callbackBatch())
                .isNotEqualTo(CallbackDeclared.of(batch, Callback.summary("x", null, "q"), T + 1).callbackBatch());
    }
}
