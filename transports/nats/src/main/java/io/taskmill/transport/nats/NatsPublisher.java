package io.taskmill.transport.nats;

import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.taskmill.transport.TransportException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes to JetStream with a bounded window of messages the server has not acknowledged,
 * as RabbitMQ's confirming publisher does. Unbounded, a producer of 200,000 tasks had them
 * all in flight at once; on a busy machine the last acknowledgements came after the
 * client's request timeout, which cancelled them, and the transport took that for a dead
 * session and reconnected. Futures complete on the transport's continuations, never on the
 * client's threads.
 */
final class NatsPublisher {

    /** Messages in flight at most per connection before a publish waits. */
    static final int WINDOW = 1_024;
    private static final long WINDOW_PATIENCE_SECONDS = 30;

    private final NatsTransport nats;
    private final Semaphore window = new Semaphore(WINDOW);

    NatsPublisher(NatsTransport nats) {
        this.nats = nats;
    }

    /**
     * @param stream the stream the subject belongs to: forgotten on a failure, so that the next publish
     *               declares it again should someone have deleted it
     */
    CompletableFuture<Void> publish(String subject, String stream, Headers headers, byte[] body,
                                    PublishOptions options) {
        try {
            if (!window.tryAcquire(WINDOW_PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                return CompletableFuture.failedFuture(new TransportException("NATS acknowledged none of " + WINDOW
                        + " messages in flight for " + WINDOW_PATIENCE_SECONDS + " s"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new TransportException("interrupted while waiting to publish"));
        }
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        try {
            nats.jetStream().publishAsync(subject, headers, body, options).whenComplete((ack, failure) -> {
                window.release();
                nats.continuations().execute(() -> settle(confirmed, subject, stream, failure));
            });
        } catch (RuntimeException e) {
            window.release();
            confirmed.completeExceptionally(new TransportException("cannot publish to " + subject + ": "
                    + e.getMessage(), e));
        }
        return confirmed;
    }

    /** Messages published and not yet acknowledged or failed. */
    int inFlight() {
        return WINDOW - window.availablePermits();
    }

    private void settle(CompletableFuture<Void> confirmed, String subject, String stream, Throwable failure) {
        if (failure == null) {
            confirmed.complete(null);
            return;
        }
        nats.forget(stream);
        nats.unanswered(failure);
        confirmed.completeExceptionally(new TransportException("NATS did not take the message for " + subject + ": "
                + failure.getMessage(), failure));
    }
}
