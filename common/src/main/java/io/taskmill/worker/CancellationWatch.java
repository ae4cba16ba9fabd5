package io.taskmill.worker;

import io.taskmill.task.BatchCancelled;
import io.taskmill.task.BatchEvent;
import io.taskmill.task.MalformedMessageException;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.TransportException;
import java.util.concurrent.CompletionStage;
import io.taskmill.transport.Transport;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The batches cancelled so far, learned by following the control log from {@code lookBack}
 * ago: a worker that restarts learns them again, so a cancellation outlives every worker.
 */
final class CancellationWatch implements AutoCloseable {

    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final Subscription subscription;

    CancellationWatch(Transport transport, TaskCodec codec, Duration lookBack, Consumer<String> onCancel) {
        this.subscription = transport.log(Logs.CONTROL).read(System.currentTimeMillis() - lookBack.toMillis(), body -> {
            try {
                BatchEvent event = codec.decodeEvent(body);
                if (event instanceof BatchCancelled cancel && cancelled.add(cancel.batch())) {
                    onCancel.accept(cancel.batch());
                }
            } catch (MalformedMessageException e) {
                // Not a cancellation after all.
            }
        });
    }

    SubscriptionState state() {
        return subscription.state();
    }

    CompletionStage<TransportException> failure() {
        return subscription.failure();
    }

    boolean cancelled(String batch) {
        return cancelled.contains(batch);
    }

    @Override
    public void close() {
        subscription.close();
    }
}
