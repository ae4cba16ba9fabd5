package io.taskmill.transport.nats;

import io.nats.client.JetStreamApiException;
import io.taskmill.transport.RecoveryPolicy;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.TransportException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the NATS subscriptions share: where they stand, how long they have been lost, when
 * they try again (the transports' one {@link RecoveryPolicy}), and how they give up for good.
 */
abstract class HealingSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(HealingSubscription.class);
    private static final int CONSUMER_NOT_FOUND = 10014;
    private static final int STREAM_NOT_FOUND = 10059;

    private final CompletableFuture<TransportException> failure = new CompletableFuture<>();
    private final RecoveryPolicy recovery;
    volatile SubscriptionState state = SubscriptionState.ACTIVE;
    private long lostAt;
    private int tries;

    HealingSubscription(RecoveryPolicy recovery) {
        this.recovery = recovery;
    }

    @Override
    public SubscriptionState state() {
        return state;
    }

    @Override
    public CompletionStage<TransportException> failure() {
        return failure.minimalCompletionStage();
    }

    /** The server's answer when the consumer, or its stream, was deleted under a reader. */
    static boolean consumerGone(JetStreamApiException e) {
        return e.getApiErrorCode() == CONSUMER_NOT_FOUND || e.getApiErrorCode() == STREAM_NOT_FOUND;
    }

    /** Marks a loss; true the first time since the subscription last worked, when it is worth a log line. */
    synchronized boolean lost() {
        state = SubscriptionState.RECOVERING;
        if (lostAt != 0) {
            return false;
        }
        lostAt = recovery.clock().millis();
        tries = 0;
        return true;
    }

    /** Milliseconds to wait before the next try, or -1 once the recovery timeout has passed since the loss. */
    synchronized long nextTry() {
        if (recovery.clock().millis() - lostAt >= recovery.timeout().toMillis()) {
            return -1;
        }
        return recovery.backoff().apply(++tries);
    }

    synchronized int tries() {
        return tries;
    }

    synchronized void recovered() {
        state = SubscriptionState.ACTIVE;
        lostAt = 0;
        tries = 0;
    }

    /** Final: says why once, loudly, to the log and to whoever waits on {@link #failure()}. */
    void gaveUp(TransportException reason) {
        state = SubscriptionState.FAILED;
        LOG.error(reason.getMessage());
        failure.complete(reason);
    }
}
