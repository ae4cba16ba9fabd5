package io.taskmill.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.taskmill.transport.TopologyMismatchException;
import io.taskmill.transport.Lane;
import io.taskmill.transport.Transport;
import io.taskmill.transport.WorkQueue;
import io.taskmill.transport.TransportException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Task publishing that rides out a broker restart: a publish the broker nacks, returns or
 * leaves unconfirmed at a disconnect is tried again with backoff (Resilience4j
 * {@link Retry}), and a {@link CircuitBreaker} stops hammering a broker that keeps
 * failing, so a dead broker ends in one clear error after the retry budget (about 30 s)
 * instead of a hang. A task published twice runs at most twice and counts once.
 */
final class ResilientPublisher implements AutoCloseable {

    static final int MAX_ATTEMPTS = 8;

    private final Transport transport;
    private final CircuitBreaker breaker;
    private final Retry retry;
    /**
     * Task messages the broker confirmed, and those it refused for good (after the retries):
     * {@code taskmill_publishes_total{outcome}} in whatever registry the application added
     * to Micrometer's global one.
     */
    private final Counter confirmed = Metrics.counter("taskmill.publishes", "outcome", "confirmed");
    private final Counter refused = Metrics.counter("taskmill.publishes", "outcome", "refused");
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "taskmill-publish-retry");
        thread.setDaemon(true);
        return thread;
    });

    ResilientPublisher(Transport transport) {
        this.transport = transport;
        this.breaker = CircuitBreaker.of("publish", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(50)
                .minimumNumberOfCalls(20)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(5))
                .permittedNumberOfCallsInHalfOpenState(5)
                .recordExceptions(TransportException.class)
                .ignoreExceptions(TopologyMismatchException.class)
                .build());
        this.retry = Retry.of("publish", RetryConfig.custom()
                .maxAttempts(MAX_ATTEMPTS)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(500), 2.0, Duration.ofSeconds(8)))
                .retryExceptions(TransportException.class, CallNotPermittedException.class)
                .ignoreExceptions(TopologyMismatchException.class)
                .build());
    }

    CompletableFuture<Void> publish(String queue, Lane lane, byte[] body, String messageId) {
        WorkQueue target = transport.workQueue(queue, lane);
        return counted(retry.executeCompletionStage(scheduler, () -> breaker.executeCompletionStage(
                () -> target.publish(body, messageId))).toCompletableFuture());
    }

    /** A task message the broker holds for {@code delay} before the lane gets it, retried the same way. */
    CompletableFuture<Void> publishLater(String queue, Lane lane, byte[] body, Duration delay, String messageId) {
        WorkQueue target = transport.workQueue(queue, lane);
        return counted(retry.executeCompletionStage(scheduler, () -> breaker.executeCompletionStage(
                () -> target.publishLater(body, delay, messageId))).toCompletableFuture());
    }

    private CompletableFuture<Void> counted(CompletableFuture<Void> published) {
        published.whenComplete((ok, failure) -> (failure == null ? confirmed : refused).increment());
        return published;
    }

    /** An event-log append, retried the same way. */
    CompletableFuture<Void> append(String batch, byte[] body) {
        return retry.executeCompletionStage(scheduler, () -> breaker.executeCompletionStage(
                () -> transport.events(batch).append(body))).toCompletableFuture();
    }

    /** For error messages: how the breaker stands. */
    String breakerState() {
        return "circuit '" + breaker.getName() + "' " + breaker.getState().name().toLowerCase(java.util.Locale.ROOT)
                + ", failure rate " + Math.round(Math.max(0, breaker.getMetrics().getFailureRate())) + "%";
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
