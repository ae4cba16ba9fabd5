package io.taskmill.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Follows every event partition of a deployment at once, for readers of every batch (the
 * dashboard, a client routing the results of many batches). Entries of one partition come
 * in its order; partitions interleave as they come. The handler is called by one thread at
 * a time, as a reader of one log is.
 */
public final class AllEvents implements Subscription {

    private final List<Subscription> partitions = new ArrayList<>();
    private final CompletableFuture<TransportException> failure = new CompletableFuture<>();
    private final Object handing = new Object();

    private AllEvents() {
    }

    /** As {@link EventLog#read}, over {@link EventPartitions#readable()}. */
    public static Subscription read(Transport transport, long fromEpochMillis, EventHandler handler) {
        List<LogSpec> logs = transport.eventPartitions().readable();
        if (logs.size() == 1) {
            return transport.log(logs.get(0)).read(fromEpochMillis, handler);
        }
        AllEvents all = new AllEvents();
        EventHandler oneAtATime = new EventHandler() {
            @Override
            public void onEvent(byte[] body) {
                synchronized (all.handing) {
                    handler.onEvent(body);
                }
            }

            @Override
            public void onEntry(LogEntry entry) {
                synchronized (all.handing) {
                    handler.onEntry(entry);
                }
            }
        };
        try {
            for (LogSpec log : logs) {
                Subscription partition = transport.log(log).read(fromEpochMillis, oneAtATime);
                all.partitions.add(partition);
                partition.failure().thenAccept(all.failure::complete);
            }
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
        return all;
    }

    @Override
    public void cancel() {
        partitions.forEach(Subscription::cancel);
    }

    @Override
    public void close() {
        partitions.forEach(Subscription::close);
    }

    /** The least healthy partition's state: a reader that misses one partition misses batches. */
    @Override
    public SubscriptionState state() {
        return partitions.stream().map(Subscription::state).max(Enum::compareTo).orElse(SubscriptionState.ACTIVE);
    }

    @Override
    public CompletionStage<TransportException> failure() {
        return failure.minimalCompletionStage();
    }
}
