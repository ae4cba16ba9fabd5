package io.taskmill.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Several subscriptions that stand or fall as one: a reader of every event partition, a
 * consumer of every partition of a work queue. It is as healthy as its least healthy part,
 * and it fails when any part fails for good: a reader that misses one part misses work.
 */
abstract class CompositeSubscription<S extends Subscription> implements Subscription {

    private final List<S> parts = new ArrayList<>();
    private final CompletableFuture<TransportException> failure = new CompletableFuture<>();

    final void add(S part) {
        parts.add(part);
        part.failure().thenAccept(failure::complete);
    }

    final List<S> parts() {
        return parts;
    }

    @Override
    public void cancel() {
        parts.forEach(Subscription::cancel);
    }

    @Override
    public void close() {
        parts.forEach(Subscription::close);
    }

    @Override
    public SubscriptionState state() {
        return parts.stream().map(Subscription::state).max(Enum::compareTo).orElse(SubscriptionState.ACTIVE);
    }

    @Override
    public CompletionStage<TransportException> failure() {
        return failure.minimalCompletionStage();
    }
}
