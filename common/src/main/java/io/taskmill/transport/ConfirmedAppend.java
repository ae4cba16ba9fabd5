package io.taskmill.transport;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append that must be confirmed before its caller goes on: one the broker did not confirm
 * (a channel lost, a node away, no confirm in time) is tried again with backoff until a
 * deadline, then fails in one line. The entry may then be in the log more than once: the
 * log's readers must count the first copy only.
 *
 * @param clock   the deadline's clock
 * @param backoff the wait before each new try
 */
public record ConfirmedAppend(Clock clock, IntervalFunction backoff) {

    /** Half a second, doubling up to 5 s: a broker's connection recovery takes a few seconds. */
    private static final IntervalFunction DEFAULT_BACKOFF = IntervalFunction.ofExponentialBackoff(500, 2.0, 5_000);
    /** The longest one try waits for its confirm before it counts as unconfirmed. */
    private static final Duration ONE_TRY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ConfirmedAppend.class);

    public ConfirmedAppend(Clock clock) {
        this(clock, DEFAULT_BACKOFF);
    }

    /**
     * Appends {@code entry} to {@code log}, tried again until {@code deadlineMillis} on
     * {@link #clock}.
     *
     * @param what what the entry is for, as the failure's message begins ("cannot start the join of b-1")
     * @throws TransportException once the deadline passed without a confirm
     */
    public void append(EventLog log, byte[] entry, long deadlineMillis, String what) throws InterruptedException {
        Retry retry = Retry.of("append", RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(backoff)
                .retryOnException(failure -> unconfirmed(failure) && clock.millis() < deadlineMillis)
                .build());
        retry.getEventPublisher().onRetry(event -> LOG.debug("{}: not confirmed ({}); trying again", what,
                String.valueOf(event.getLastThrowable())));
        try {
            retry.executeCheckedSupplier(() -> log.append(entry)
                    .get(Math.max(1, Math.min(ONE_TRY.toMillis(), deadlineMillis - clock.millis())),
                            TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable thrown) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException(what + ": stopped while waiting for the broker");
            }
            if (thrown instanceof RuntimeException runtime && !unconfirmed(thrown)) {
                throw runtime;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            Throwable failure = thrown instanceof ExecutionException && thrown.getCause() != null ? thrown.getCause()
                    : thrown;
            String why = failure instanceof TimeoutException ? "no confirm in time" : failure.getMessage();
            throw new TransportException(what + ": the broker did not confirm it by the deadline (" + why + ")",
                    failure);
        }
    }

    /** What a broker that is away does to an append: tried again, unlike a mistake of this process's own. */
    private static boolean unconfirmed(Throwable failure) {
        return failure instanceof ExecutionException || failure instanceof TimeoutException
                || failure instanceof TransportException;
    }
}
