package io.taskmill.transport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One lane of a logical work queue over its partitions, each a broker queue of its own:
 * what a transport hands out for a queue of {@link WorkPartitions} above one. A task goes
 * to the next partition in turn, or, in a key's lane, always to that key's partition, so a
 * key's tasks keep their order of arrival relative to each other; a consumer takes from
 * every partition. The partitions share the queue's dead letters.
 */
public final class PartitionedWorkQueue implements WorkQueue {

    private final List<WorkQueue> partitions;
    private final Lane lane;
    private final AtomicInteger next = new AtomicInteger();

    /** @param partitions the lane's queue in each partition, the first being the queue's own */
    public PartitionedWorkQueue(List<WorkQueue> partitions, Lane lane) {
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("a work queue needs at least one partition");
        }
        this.partitions = List.copyOf(partitions);
        this.lane = lane;
    }

    private WorkQueue target() {
        int index = lane.slot() == Lane.NO_SLOT ? Math.floorMod(next.getAndIncrement(), partitions.size())
                : lane.slot() % partitions.size();
        return partitions.get(index);
    }

    @Override
    public CompletableFuture<Void> publish(byte[] body, String messageId) {
        return target().publish(body, messageId);
    }

    @Override
    public CompletableFuture<Void> publishLater(byte[] body, Duration delay, String messageId) {
        return target().publishLater(body, delay, messageId);
    }

    @Override
    public void prepareLater() {
        partitions.forEach(WorkQueue::prepareLater);
    }

    @Override
    public CompletableFuture<Void> deadLetter(byte[] body, Map<String, String> reason, String messageId) {
        return partitions.get(0).deadLetter(body, reason, messageId);
    }

    /**
     * Each partition with an equal share of the window, rounded up: a worker may hold a
     * little more than its window, never starve a partition.
     */
    @Override
    public TaskSubscription consume(int prefetch, DeliveryHandler handler) {
        return PartitionedSubscription.of(partitions, prefetch, handler);
    }

    @Override
    public DeadLetterQueue deadLetters() {
        return partitions.get(0).deadLetters();
    }
}
