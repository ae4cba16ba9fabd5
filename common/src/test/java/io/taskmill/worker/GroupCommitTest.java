package io.taskmill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskId;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One append in flight at a time, and what waits meanwhile goes out next, whatever the last settlement did. */
class GroupCommitTest {

    /** A log that holds each append's confirm for the test to give. */
    private static final class HeldLog implements EventLog {

        final List<CompletableFuture<Void>> appends = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<Void> append(byte[] body) {
            CompletableFuture<Void> confirm = new CompletableFuture<>();
            appends.add(confirm);
            return confirm;
        }

        @Override
        public Subscription read(long fromEpochMillis, EventHandler handler) {
            throw new UnsupportedOperationException("written only");
        }
    }

    private static CompletionEvent done(int seq) {
        return CompletionEvent.succeeded(new TaskId("mwwjq26h-48vluayy", seq), null, 1, "w1", 1, 1_000);
    }

    @Test
    void aSettlementThatThrowsStillLetsTheOutcomesThatWaitedGoOut() {
        HeldLog log = new HeldLog();
        AtomicInteger settlements = new AtomicInteger();
        GroupCommit commit = new GroupCommit(log, new TaskCodec(), settles -> {
            settles.run();
            if (settlements.incrementAndGet() == 1) {
                throw new IllegalStateException("an ack the channel refused");
            }
        });

        CompletableFuture<Void> first = commit.add(done(0), 0);
        commit.startIfIdle();
        CompletableFuture<Void> second = commit.add(done(1), 0);
        CompletableFuture<Void> third = commit.add(done(2), 0);
        commit.startIfIdle();
        assertThat(log.appends).as("the second and third wait for the first append").hasSize(1);

        log.appends.get(0).complete(null);
        assertThat(first).isCompleted();
        assertThat(log.appends).as("the two that waited, as one group").hasSize(2);
        log.appends.get(1).complete(null);
        assertThat(second).isCompleted();
        assertThat(third).isCompleted();
    }
}
