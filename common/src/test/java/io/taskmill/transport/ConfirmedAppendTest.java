package io.taskmill.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An append the broker does not confirm is tried again until its deadline, and only then fails in one line. */
class ConfirmedAppendTest {

    private static final IntervalFunction AT_ONCE = IntervalFunction.of(1);

    /**
     * A log whose appends fail until {@code refusals} ran out, as the broker answers (a failed future) or, for
     * what is not a transport's failure, as this process's mistake (thrown); each try moves the clock on a second.
     */
    private static final class RefusingLog implements EventLog {
        private final AtomicInteger tries = new AtomicInteger();
        private final int refusals;
        private final RuntimeException refusal;
        private Instant now = Instant.parse("2026-12-05T12:00:00Z");

        RefusingLog(int refusals, RuntimeException refusal) {
            this.refusals = refusals;
            this.refusal = refusal;
        }

        Clock clock() {
            return new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            };
        }

        @Override
        public CompletableFuture<Void> append(byte[] body) {
            now = now.plus(Duration.ofSeconds(1));
            if (tries.incrementAndGet() > refusals) {
                return CompletableFuture.completedFuture(null);
            }
            if (refusal instanceof TransportException) {
                return CompletableFuture.failedFuture(refusal);
            }
            throw refusal;
        }

        @Override
        public Subscription read(long fromEpochMillis, EventHandler handler) {
            throw new UnsupportedOperationException("appends only");
        }
    }

    @Test
    void anAppendRefusedTwiceIsConfirmedOnTheThirdTry() throws Exception {
        RefusingLog log = new RefusingLog(2, new TransportException("connection lost before the broker confirmed"));
        Clock clock = log.clock();

        new ConfirmedAppend(clock, AT_ONCE).append(log, new byte[] {1}, clock.millis() + 60_000, "cannot log x");

        assertThat(log.tries).hasValue(3);
    }

    @Test
    void aBrokerAwayPastTheDeadlineFailsInOneLineWithTheLastReason() {
        RefusingLog log = new RefusingLog(Integer.MAX_VALUE, new TransportException("connection lost"));
        Clock clock = log.clock();

        assertThatThrownBy(() -> new ConfirmedAppend(clock, AT_ONCE)
                .append(log, new byte[] {1}, clock.millis() + 10_000, "cannot log x"))
                .isInstanceOf(TransportException.class)
                .hasMessage("cannot log x: the broker did not confirm it by the deadline (connection lost)");
        assertThat(log.tries).as("one try a second of the 10-second deadline").hasValue(10);
    }

    @Test
    void aMistakeOfThisProcessIsNotTriedAgain() {
        RefusingLog log = new RefusingLog(Integer.MAX_VALUE, new IllegalArgumentException("entry too large to encode"));
        Clock clock = log.clock();

        assertThatThrownBy(() -> new ConfirmedAppend(clock, AT_ONCE)
                .append(log, new byte[] {1}, clock.millis() + 10_000, "cannot log x"))
                .hasMessage("entry too large to encode");
        assertThat(log.tries).hasValue(1);
    }
}
