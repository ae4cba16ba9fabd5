package io.taskmill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskmill.transport.TransportException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An outcome the broker refuses for a while is published again until confirmed, and given up only when stopped. */
class OutcomeRetryTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void anOutcomeRefusedTwiceIsPublishedAgainUntilConfirmed() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        AtomicReference<TransportException> stuck = new AtomicReference<>();
        OutcomeRetry retry = new OutcomeRetry(timer, Clock.systemUTC(), () -> false, stuck::set);

        CompletableFuture<Void> done = retry.durably(() -> tries.incrementAndGet() <= 2
                ? CompletableFuture.failedFuture(new TransportException("broker away"))
                : CompletableFuture.completedFuture(null));

        done.get(30, TimeUnit.SECONDS);
        assertThat(tries).hasValue(3);
        assertThat(stuck.get()).as("well within the patience").isNull();
    }

    @Test
    void aWorkerWhoseOutcomeWaitsPastTheReminderSaysHowLongAndWhenItGivesUp() throws Exception {
        MovableClock clock = new MovableClock();
        AtomicBoolean stopped = new AtomicBoolean();
        ListAppender<ILoggingEvent> said = new ListAppender<>();
        said.start();
        Logger logger = (Logger) LoggerFactory.getLogger(OutcomeRetry.class);
        logger.addAppender(said);
        try {
            OutcomeRetry retry = new OutcomeRetry(timer, clock, stopped::get, reason -> { });
            AtomicInteger tries = new AtomicInteger();
            CompletableFuture<Void> done = retry.durably(() -> {
                // The broker leaves it unconfirmed for longer than the reminder: a later try sees that long wait.
                clock.advance(OutcomeRetry.REMIND.plusSeconds(1));
                if (tries.incrementAndGet() == 2) {
                    stopped.set(true);
                }
                return CompletableFuture.failedFuture(new TransportException("the channel is closed"));
            });

            assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(said.list).map(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains("has waited 31 s").contains("the channel is closed")
                            .contains("gives up at 5 minutes"));
        } finally {
            logger.detachAppender(said);
        }
    }

    @Test
    void aStoppedWorkerGivesTheOutcomeUpWithItsLastFailure() {
        AtomicBoolean stopped = new AtomicBoolean(true);
        AtomicInteger tries = new AtomicInteger();
        OutcomeRetry retry = new OutcomeRetry(timer, Clock.systemUTC(), stopped::get, reason -> { });

        CompletableFuture<Void> done = retry.durably(() -> {
            tries.incrementAndGet();
            throw new TransportException("broker away");
        });

        assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("broker away");
        assertThat(tries).hasValue(1);
    }
}
