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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A join finds its batch whatever the producer's clock says, and ends when no batch will ever end. */
abstract class JoinContract {

    private static final Duration WAIT = Duration.ofMinutes(2);

    /** A client, with {@code clock}, on the deployment under test; workers run its tasks. */
    abstract TaskmillClient client(Clock clock);

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
