package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.taskmill.transport.RecoveryPolicy;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.TopologyMismatchException;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer that outlives its channel. When the broker cancels it (its queue deleted, a
 * leader moved) or its channel or connection closes, it subscribes again on a new channel,
 * with backoff, until that works or the recovery timeout passes; then it fails for good
 * and {@link #failure()} says why.
 *
 * <p>The client's own consumer recovery is not enough: RabbitMQ accepts connections before
 * its quorum queues and streams are back, the recovered {@code basic.consume} fails with
 * NOT_FOUND, and the client gives up on that consumer without telling anyone. So channels
 * of this class are closed on loss, which takes them out of the client's recovery, and the
 * consumer is ours to restore.
 */
final class ResubscribingConsumer implements Subscription {

    /** Opens a channel and starts consuming on it; returns the consumer tag. */
    @FunctionalInterface
    interface Subscribe {
        String on(Channel channel, Consumer consumer) throws IOException;
    }

    /** Receives one delivery with the channel it came on (acks go back on that channel). */
    @FunctionalInterface
    interface Sink {
        void accept(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ResubscribingConsumer.class);

    private final String what;
    private final ChannelSource channels;
    private final Subscribe subscribe;
    private final Sink sink;
    private final RecoveryPolicy policy;
    private final CompletableFuture<TransportException> failure = new CompletableFuture<>();
    private SubscriptionState state = SubscriptionState.RECOVERING;
    private Channel channel;
    private String tag;
    private long lostAt;
    private int attempts;
    private String lastProblem;

    /** Opens channels on the consuming connection. */
    @FunctionalInterface
    interface ChannelSource {
        Channel open() throws IOException;
    }

    /**
     * Subscribes now. A first try that fails for a reason that may pass (the connection
     * dropped, the queue not back yet after a restart) is retried like a later loss; only a
     * topology mismatch, which no retry can mend, is thrown to the caller.
     */
    ResubscribingConsumer(String what, ChannelSource channels, Subscribe subscribe, Sink sink, RecoveryPolicy policy) {
        this.what = what;
        this.channels = channels;
        this.subscribe = subscribe;
        this.sink = sink;
        this.policy = policy;
        Channel first = null;
        try {
            first = channels.open();
            synchronized (this) {
                channel = first;
                tag = subscribe.on(first, consumer(first));
                state = SubscriptionState.ACTIVE;
            }
            watch(first);
        } catch (IOException | RuntimeException e) {
            abortQuietly(first);
            TopologyMismatchException mismatch = mismatch(e);
            if (mismatch != null) {
                throw mismatch;
            }
            synchronized (this) {
                channel = null;
                lostAt = policy.clock().millis();
                lastProblem = describe(e);
            }
            LOG.warn("cannot subscribe to {} yet: {}; trying again", what, lastProblem);
            scheduleAttempt();
        }
    }

    @Override
    public synchronized SubscriptionState state() {
        return state;
    }

    @Override
    public CompletionStage<TransportException> failure() {
        return failure.minimalCompletionStage();
    }

    @Override
    public void cancel() {
        Channel current;
        String currentTag;
        synchronized (this) {
            if (state == SubscriptionState.STOPPED || state == SubscriptionState.FAILED) {
                return;
            }
            state = SubscriptionState.STOPPED;
            current = channel;
            currentTag = tag;
        }
        if (current != null && currentTag != null && current.isOpen()) {
            try {
                current.basicCancel(currentTag);
            } catch (IOException | AlreadyClosedException e) {
                LOG.debug("cancel after the channel closed: {}", e.toString());
            }
        }
    }

    /**
     * Cancels the current consumer and starts {@code how} on the same channel, so that
     * deliveries held are still settled where they came from. While the subscription
     * recovers, nothing is done: the next subscription is made afresh anyway.
     */
    void renew(Subscribe how) {
        Channel on;
        String old;
        synchronized (this) {
            if (state != SubscriptionState.ACTIVE) {
                return;
            }
            on = channel;
            old = tag;
        }
        // The channel's calls outside the lock: one waiting on a connection being lost held up lost(), on the
        // client's consumer thread, which the client's own shutdown waits for.
        try {
            on.basicCancel(old);
            String renewed = how.on(on, consumer(on));
            synchronized (this) {
                if (channel == on && state == SubscriptionState.ACTIVE) {
                    tag = renewed;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The channel is closing: its loss is heard, and the next subscription is made afresh.
            LOG.debug("renewing the consumer of {} failed: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        cancel();
        Channel current;
        synchronized (this) {
            current = channel;
        }
        abortQuietly(current);
    }

    private Consumer consumer(Channel on) {
        return new DefaultConsumer(on) {
            @Override
            public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                       byte[] body) throws IOException {
                sink.accept(on, envelope, properties, body);
            }

            @Override
            public void handleCancel(String consumerTag) {
                lost(on, "the broker cancelled the subscription (queue deleted, or its leader moved)");
            }

            @Override
            public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
                if (!signal.isInitiatedByApplication()) {
                    lost(on, describe(signal));
                }
            }
        };
    }

    /**
     * Hears the channel close from the connection itself, beside the consumer's own
     * callback: that one is queued behind the deliveries the client still holds for the
     * channel and can be dropped when the connection shuts down first, which would leave
     * this subscription believing it is alive. Handed off, so the connection's thread never
     * waits on this object.
     */
    private void watch(Channel on) {
        on.addShutdownListener(signal -> {
            if (!signal.isInitiatedByApplication()) {
                later(() -> lost(on, describe(signal)));
            }
        });
        if (!on.isOpen()) {
            later(() -> lost(on, "channel closed while subscribing"));
        }
    }

    private void later(Runnable action) {
        try {
            policy.scheduler().execute(action);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The transport is closing: nothing is to be recovered any more.
        }
    }

    private void lost(Channel on, String reason) {
        synchronized (this) {
            if (on != channel || state != SubscriptionState.ACTIVE) {
                return;
            }
            state = SubscriptionState.RECOVERING;
            lostAt = policy.clock().millis();
            attempts = 0;
            lastProblem = reason;
        }
        LOG.warn("lost the subscription to {}: {}; subscribing again", what, reason);
        // Never close a channel on the thread that tells us it is closing.
        later(() -> abortQuietly(on));
        scheduleAttempt();
    }

    private void scheduleAttempt() {
        long delay = policy.backoff().apply(attempts + 1);
        try {
            policy.scheduler().schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The transport is closing: nothing is to be recovered any more.
        }
    }

    private void attempt() {
        synchronized (this) {
            if (state != SubscriptionState.RECOVERING) {
                return;
            }
            attempts++;
        }
        Channel next = null;
        try {
            next = channels.open();
            String nextTag;
            synchronized (this) {
                if (state != SubscriptionState.RECOVERING) {
                    abortQuietly(next);
                    return;
                }
                // Current before consuming, so that no delivery of the new channel is taken for a stale one.
                channel = next;
                nextTag = subscribe.on(next, consumer(next));
                tag = nextTag;
                state = SubscriptionState.ACTIVE;
            }
            watch(next);
            LOG.info("subscribed to {} again after {} tries in {} ms", what, attempts, policy.clock().millis() - lostAt);
        } catch (IOException | RuntimeException e) {
            abortQuietly(next);
            retryOrFail(e);
        }
    }

    private void retryOrFail(Exception e) {
        String problem = describe(e);
        TransportException gaveUp = null;
        synchronized (this) {
            if (state != SubscriptionState.RECOVERING) {
                return;
            }
            lastProblem = problem;
            boolean permanent = mismatch(e) != null;
            if (permanent || policy.clock().millis() - lostAt >= policy.timeout().toMillis()) {
                state = SubscriptionState.FAILED;
                gaveUp = new TransportException("lost the subscription to " + what + " and could not subscribe again "
                        + (permanent ? "" : "within " + policy.timeout().toSeconds() + " s ") + "(" + attempts
                        + " tries; last: " + lastProblem + ")", e);
            }
        }
        if (gaveUp != null) {
            LOG.error(gaveUp.getMessage());
            failure.complete(gaveUp);
            return;
        }
        LOG.debug("subscribing to {} again failed ({}); trying again", what, problem);
        scheduleAttempt();
    }

    /** The mismatch a re-declaration ran into: a state no retry will change. */
    private static TopologyMismatchException mismatch(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TopologyMismatchException mismatch) {
                return mismatch;
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal) {
                return describe(signal);
            }
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    static String describe(ShutdownSignalException signal) {
        Object reason = signal.getReason();
        if (reason instanceof AMQP.Channel.Close close) {
            return "channel closed by the broker: " + close.getReplyText();
        }
        if (reason instanceof AMQP.Connection.Close close) {
            return "connection closed by the broker: " + close.getReplyText();
        }
        return signal.isHardError() ? "connection lost" : "channel closed";
    }

    static void abortQuietly(Channel channel) {
        if (channel != null) {
            try {
                channel.abort();
            } catch (IOException | RuntimeException e) {
                // Closing what is already failing: nothing left to release.
            }
        }
    }
}
