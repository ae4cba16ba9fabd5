package io.taskmill.worker;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.taskmill.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a worker's outcomes durable: each one the broker does not confirm is published
 * again every {@link #EVERY} until it does, or until the worker stops. An outcome the broker
 * has not confirmed for {@link #PATIENCE} means this worker cannot finish anything: it is
 * said once, as stuck, so that its process exits for a supervisor to start a fresh one.
 */
final class OutcomeRetry {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRetry.class);
    static final Duration EVERY = Duration.ofSeconds(2);
    /** How long an outcome may wait for the broker's confirm before the worker gives up on its session. */
    static final Duration PATIENCE = Duration.ofMinutes(5);
    /** How often a worker whose outcomes the broker still does not confirm says so again, with how long. */
    static final Duration REMIND = Duration.ofSeconds(30);

    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final BooleanSupplier stopped;
    private final Consumer<TransportException> stuck;
    private final Retry retry;
    private final AtomicBoolean saidStuck = new AtomicBoolean();
    /** Whether an outcome is being retried: a broker away says so once, not once per outcome and try. */
    private final AtomicBoolean retrying = new AtomicBoolean();
    /** When, by {@link #clock}, a reminder may be said again: one a {@link #REMIND} for the whole worker. */
    private final AtomicLong nextReminder = new AtomicLong(Long.MIN_VALUE);

    OutcomeRetry(ScheduledExecutorService timer, Clock clock, BooleanSupplier stopped,
                 Consumer<TransportException> stuck) {
        this.timer = timer;
        this.clock = clock;
        this.stopped = stopped;
        this.stuck = stuck;
        this.retry = Retry.of("outcome", RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .waitDuration(EVERY)
                .retryOnException(failure -> !stopped.getAsBoolean())
                .build());
        retry.getEventPublisher()
                .onRetry(event -> {
                    if (retrying.compareAndSet(false, true)) {
                        LOG.warn("outcome not confirmed ({}); retrying every {} s until the broker confirms it",
                                message(event.getLastThrowable()), EVERY.toSeconds());
                    } else {
                        LOG.debug("outcome not confirmed ({}); retrying", message(event.getLastThrowable()));
                    }
                })
                .onSuccess(event -> {
                    if (retrying.compareAndSet(true, false)) {
                        LOG.info("the broker confirms outcomes again");
                    }
                });
    }

    /** Completes once {@code publish} is confirmed; fails only when the worker stopped first. */
    CompletableFuture<Void> durably(Supplier<CompletableFuture<Void>> publish) {
        long since = clock.millis();
        return retry.executeCompletionStage(timer, () -> once(publish, since)).toCompletableFuture();
    }

    private CompletableFuture<Void> once(Supplier<CompletableFuture<Void>> publish, long since) {
        CompletableFuture<Void> published;
        try {
            published = publish.get();
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        return published.whenComplete((ok, failure) -> {
            if (failure == null || stopped.getAsBoolean()) {
                return;
            }
            long now = clock.millis();
            if (now - since >= PATIENCE.toMillis() && saidStuck.compareAndSet(false, true)) {
                stuck.accept(new TransportException("the broker has confirmed no outcome of this worker for "
                        + PATIENCE.toMinutes() + " minutes (last: " + message(failure) + ")", failure));
            } else {
                remind(now, now - since, failure);
            }
        });
    }

    /** The first warning alone would leave a worker that holds its deliveries for minutes looking idle. */
    private void remind(long now, long waitedMs, Throwable failure) {
        long next = nextReminder.get();
        if (waitedMs >= REMIND.toMillis() && now >= next && nextReminder.compareAndSet(next, now + REMIND.toMillis())) {
            LOG.warn("an outcome has waited {} s for the broker's confirm (last: {}); still retrying, and this worker "
                    + "gives up at {} minutes for its supervisor to start a fresh one", waitedMs / 1_000,
                    message(failure), PATIENCE.toMinutes());
        }
    }

    private static String message(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return String.valueOf(cause == null ? null : cause.getMessage());
    }
}
