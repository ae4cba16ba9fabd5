package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.coordinator.NoSuchBatchException;
import io.taskmill.task.BatchId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A join finds its batch whatever the producer's clock says, and ends when no batch will ever end. */
abstract class JoinContract {

    private static final Duration WAIT = Duration.ofMinutes(2);

    /** A client, with {@code clock}, on the deployment under test; workers run its tasks. */
    abstract TaskmillClient client(Clock clock);

    /** A client as {@link #client(Clock)}, whose open batches beat this often; closed by the test. */
    abstract TaskmillClient producer(Duration beat);

    /** Seven minutes: found by the second pass; three hours: by the last. */
    @ParameterizedTest(name = "{0} minutes ahead")
    @ValueSource(ints = {7, 180})
    void aBatchFromAProducerWhoseClockIsAheadIsJoinedExactly(int minutes) throws Exception {
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(minutes));
        BatchPublisher batch = client(ahead).openBatch();
        for (int i = 0; i < 25; i++) {
            batch.submit("noop", JsonNodeFactory.instance.objectNode());
        }
        batch.seal();
        assertThat(BatchId.createdAt(batch.id())).isAfter(Instant.now().plus(Duration.ofMinutes(minutes - 1)));

        JoinSummary summary = client(Clock.systemUTC()).join(batch.id(), WAIT, progress -> { }, result -> { });
        assertThat(summary.timedOut()).isFalse();
        assertThat(summary.total()).isEqualTo(25);
        assertThat(summary.succeeded()).isEqualTo(25);
        assertThat(summary.duplicates()).isZero();
    }

    /** A replayed dead letter that then succeeds is one task with one outcome, not a failure and a success. */
    @Test
    void aReplayedTaskThatSucceedsHasOneOutcomeAndCountsForOneWorker(@TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("late.txt");
        BatchPublisher batch = client(Clock.systemUTC()).openBatch();
        batch.submit("sha512", JsonNodeFactory.instance.objectNode().put("path", file.toString()));
        batch.seal();
        java.util.List<String> first = new java.util.concurrent.CopyOnWriteArrayList<>();
        JoinSummary failed = client(Clock.systemUTC()).join(batch.id(), WAIT, progress -> { },
                result -> first.add(result.status().name()));
        assertThat(first).containsExactly("FAILED");
        assertThat(failed.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.id()).isEqualTo(batch.id() + ":0");
            assertThat(failure.error()).contains(file.toString());
        });

        java.nio.file.Files.writeString(file, "now it is here");
        assertThat(client(Clock.systemUTC()).deadLetters()
                .replay(entry -> entry.batch().filter(batch.id()::equals).isPresent())).isEqualTo(1);

        java.util.List<String> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        JoinSummary summary = client(Clock.systemUTC()).join(batch.id(), WAIT, progress -> { },
                result -> outcomes.add(result.id() + " " + result.status()));
        assertThat(outcomes).containsExactly(batch.id() + ":0 SUCCEEDED");
        assertThat(summary.succeeded()).isEqualTo(1);
        assertThat(summary.failures()).isEmpty();
        assertThat(summary.perWorker().values()).containsExactly(1L);
    }

    @Test
    void aBatchNoProducerOpenedIsNoSuchBatchNotAnEndlessWait() {
        String never = BatchId.create(Instant.now());
        assertThatThrownBy(() -> client(Clock.systemUTC()).join(never, WAIT, progress -> { }, result -> { }))
                .isInstanceOf(NoSuchBatchException.class)
                .hasMessageContaining("no batch " + never);
    }

    @Test
    void aCancellationOfAnIdNoProducerOpenedIsNoSuchBatch() throws Exception {
        String never = BatchId.create(Instant.now());
        assertThatThrownBy(() -> client(Clock.systemUTC()).cancel(never))
                .isInstanceOf(NoSuchBatchException.class)
                .hasMessageContaining("no batch " + never);

        BatchPublisher batch = client(Clock.systemUTC()).openBatch();
        batch.submit("sleep", JsonNodeFactory.instance.objectNode().put("ms", 60_000));
        batch.seal();
        client(Clock.systemUTC()).cancel(batch.id());
        JoinSummary summary = client(Clock.systemUTC()).join(batch.id(), WAIT, progress -> { }, result -> { });
        assertThat(summary.cancelled()).isEqualTo(1);
        assertThat(summary.exitCode()).isEqualTo(3);
    }

    /** Six beats missed while the join followed the log live: well before the seal timeout of ten minutes. */
    @Test
    void aJoinOfABatchWhoseProducerStoppedBeforeSealingItEndsSayingSo() throws Exception {
        TaskmillClient producer = producer(Duration.ofMillis(200));
        BatchPublisher batch = producer.openBatch();
        for (int i = 0; i < 3; i++) {
            batch.submit("noop", JsonNodeFactory.instance.objectNode());
        }
        producer.close();
        assertThatThrownBy(() -> client(Clock.systemUTC()).join(batch.id(), WAIT, Duration.ofMinutes(10),
                progress -> { }, result -> { }))
                .isInstanceOf(NoSuchBatchException.class)
                .hasMessageContaining("is not sealed and its producer has been silent for")
                .hasMessageContaining("tasks of the batch final so far")
                .hasMessageContaining("--batch " + batch.id());
    }

    /** The join has followed the live log for more than six beats when the producer seals. */
    @Test
    void aProducerThatBeatsIsWaitedForHoweverLongItTakesToSeal() throws Exception {
        TaskmillClient producer = producer(Duration.ofMillis(200));
        try {
            BatchPublisher batch = producer.openBatch();
            batch.submit("noop", JsonNodeFactory.instance.objectNode());
            java.util.concurrent.CountDownLatch followed = new java.util.concurrent.CountDownLatch(3);
            java.util.concurrent.CompletableFuture<JoinSummary> join = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            return client(Clock.systemUTC()).join(batch.id(), WAIT, Duration.ofMinutes(10),
                                    progress -> {
                                        if (progress.live()) {
                                            followed.countDown();
                                        }
                                    }, result -> { });
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            assertThat(followed.await(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            batch.seal();
            JoinSummary summary = join.get(1, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(summary.succeeded()).isEqualTo(1);
        } finally {
            producer.close();
        }
    }

    @Test
    void aBatchOpenedButNeverSealedEndsOnceNothingHappensForTheSealTimeout() {
        BatchPublisher batch = client(Clock.systemUTC()).openBatch();
        batch.submit("noop", JsonNodeFactory.instance.objectNode());
        assertThatThrownBy(() -> client(Clock.systemUTC()).join(batch.id(), WAIT, Duration.ofSeconds(2),
                progress -> { }, result -> { }))
                .isInstanceOf(NoSuchBatchException.class)
                .hasMessageContaining("never sealed")
                .hasMessageContaining("--batch " + batch.id());
    }
}
