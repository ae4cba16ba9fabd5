package io.taskmill.transport.nats;

import io.taskmill.transport.Subscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.TransportException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the NATS subscriptions share: where they stand, and how they give up for good. */
abstract class HealingSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(HealingSubscription.class);

    private final CompletableFuture<TransportException> failure = new CompletableFuture<>();
    volatile SubscriptionState state = SubscriptionState.ACTIVE;

    @Override
    public SubscriptionState state() {
        return state;
    }

    @Override
    public CompletionStage<TransportException> failure() {
        return failure.minimalCompletionStage();
    }

    /** Final: says why once, loudly, to the log and to whoever waits on {@link #failure()}. */
    void gaveUp(TransportException reason) {
        state = SubscriptionState.FAILED;
        LOG.error(reason.getMessage());
        failure.complete(reason);
    }
}
