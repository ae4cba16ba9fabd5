package io.taskmill.transport.redis;

import io.taskmill.transport.Continuations;
import io.taskmill.transport.TransportException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends writes down the transport's one pipelined connection with a bounded window of
 * writes the server has not answered, as the other brokers' confirming publishers do, and
 * completes their futures on the transport's continuations, never on the client's event
 * loop (see {@link Continuations}).
 */
final class RedisPublisher {

    /** Writes in flight at most before another waits. */
    static final int WINDOW = 4_096;
    private static final long WINDOW_PATIENCE_SECONDS = 30;

    private final Semaphore window = new Semaphore(WINDOW);
    private final Continuations continuations;

    RedisPublisher(Continuations continuations) {
        this.continuations = continuations;
    }

    /**
     * @param what  what is written, for the error: "the message for taskmill.default"
     * @param write sends the command and returns its reply
     */
    <T> CompletableFuture<T> write(String what, Supplier<CompletableFuture<T>> write) {
        try {
            if (!window.tryAcquire(WINDOW_PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                return CompletableFuture.failedFuture(new TransportException("Redis answered none of " + WINDOW
                        + " writes in flight for " + WINDOW_PATIENCE_SECONDS + " s"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new TransportException("interrupted while waiting to publish"));
        }
        CompletableFuture<T> confirmed = new CompletableFuture<>();
        CompletableFuture<T> sent;
        try {
            sent = write.get();
        } catch (RuntimeException e) {
            window.release();
            return CompletableFuture.failedFuture(new TransportException("cannot write " + what + ": "
                    + e.getMessage(), e));
        }
        sent.whenComplete((reply, failure) -> {
            window.release();
            continuations.run(() -> {
                if (failure == null) {
                    confirmed.complete(reply);
                } else {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    confirmed.completeExceptionally(new TransportException("Redis did not take " + what + ": "
                            + cause.getMessage(), cause));
                }
            });
        });
        return confirmed;
    }

    /** Writes sent and not yet answered. */
    int inFlight() {
        return WINDOW - window.availablePermits();
    }
}
