package io.taskmill.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the subscriptions of a broker's transport share: where they stand, how long they have
 * been lost, when they try again (the transports' one {@link RecoveryPolicy}), and how they
 * give up for good.
 */
public abstract class HealingSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(HealingSubscription.class);

    private final CompletableFuture<TransportException> failure = new CompletableFuture<>();
    private final RecoveryPolicy recovery;
    protected volatile SubscriptionState state = SubscriptionState.ACTIVE;
    private long lostAt;
    private int tries;

    protected HealingSubscription(RecoveryPolicy recovery) {
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

    /** Marks a loss; true the first time since the subscription last worked, when it is worth a log line. */
    protected synchronized boolean lost() {
        state = SubscriptionState.RECOVERING;
        if (lostAt != 0) {
            return false;
        }
        lostAt = recovery.clock().millis();
        tries = 0;
        return true;
    }

    /** Milliseconds to wait before the next try, or -1 once the recovery timeout has passed since the loss. */
    protected synchronized long nextTry() {
        if (recovery.clock().millis() - lostAt >= recovery.timeout().toMillis()) {
            return -1;
        }
        return recovery.backoff().apply(++tries);
    }

    protected synchronized int tries() {
        return tries;
    }

    protected synchronized void recovered() {
        state = SubscriptionState.ACTIVE;
        lostAt = 0;
        tries = 0;
    }

    /**
     * Stopped by its owner: a live subscription becomes {@code STOPPED}; one that failed for
     * good stays {@code FAILED}.
     */
    protected synchronized void stop() {
        if (state == SubscriptionState.ACTIVE || state == SubscriptionState.RECOVERING) {
            state = SubscriptionState.STOPPED;
        }
    }

    /** Waits out a backoff; false if the thread was interrupted meanwhile (its owner is closing it). */
    protected static boolean backOff(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Final: says why once, loudly, to the log and to whoever waits on {@link #failure()}. */
    protected void gaveUp(TransportException reason) {
        state = SubscriptionState.FAILED;
        LOG.error(reason.getMessage());
        failure.complete(reason);
    }
}
