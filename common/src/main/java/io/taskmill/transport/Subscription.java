package io.taskmill.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A running consumer of a queue or of a log. A subscription that the broker drops — a lost
 * connection, a closed channel, a queue deleted under it, a queue not yet back after a
 * restart — subscribes again by itself, from where it stood; if it cannot within its
 * transport's recovery timeout it fails for good and says so through {@link #failure()},
 * so that no reader waits forever on a subscription that is gone.
 */
public interface Subscription extends AutoCloseable {

    /**
     * Stops new deliveries. Deliveries already handed out stay with this subscription and
     * can still be acknowledged: this is the first half of a graceful drain.
     */
    void cancel();

    /** Cancels if needed and releases the subscription; unsettled deliveries go back to the queue. */
    @Override
    void close();

    /** Where the subscription stands now; a subscription that cannot be lost is always ACTIVE until closed. */
    default SubscriptionState state() {
        return SubscriptionState.ACTIVE;
    }

    /**
     * Completes, with the reason, when the subscription has given up for good (state
     * {@link SubscriptionState#FAILED}); never completes while it is alive or after it was
     * closed by its owner.
     */
    default CompletionStage<TransportException> failure() {
        return new CompletableFuture<TransportException>().minimalCompletionStage();
    }
}
