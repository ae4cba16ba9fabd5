package io.taskmill.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * A transport's work queues by name, lane and partition, each made once: one broker queue a
 * partition of a lane, and over several partitions one {@link PartitionedWorkQueue} a lane,
 * kept, so that its turn among the partitions goes on from one publish to the next. Keyed by
 * the names asked for, not the full ones: a publish looks its queue up without building a name.
 */
public final class WorkQueueViews {

    /** Makes the work queue of one partition of one lane. */
    @FunctionalInterface
    public interface Maker {
        WorkQueue make(String name, Lane lane, int partition);
    }

    /** A work queue as asked for; partition -1 is the view of all of them. */
    private record Key(String name, Lane lane, int partition) {
    }

    private final Map<Key, WorkQueue> queues = new ConcurrentHashMap<>();
    /**
     * Apart from {@link #queues}: a view's partitions are made while the view is, and a
     * ConcurrentHashMap may not be changed from within its own computeIfAbsent.
     */
    private final Map<Key, WorkQueue> views = new ConcurrentHashMap<>();
    private final WorkPartitions partitions;
    private final Maker maker;

    public WorkQueueViews(WorkPartitions partitions, Maker maker) {
        this.partitions = partitions;
        this.maker = maker;
    }

    public WorkQueue of(String name, Lane lane) {
        if (partitions.count() == 1) {
            return partition(name, lane, 0);
        }
        return views.computeIfAbsent(new Key(name, lane, -1), key -> new PartitionedWorkQueue(IntStream
                .range(0, partitions.count()).mapToObj(k -> partition(name, lane, k)).toList(), lane));
    }

    private WorkQueue partition(String name, Lane lane, int partition) {
        return queues.computeIfAbsent(new Key(name, lane, partition), key -> maker.make(name, lane, partition));
    }

    /** Forgets them all: the broker's were deleted, and are made again on next use. */
    public void clear() {
        views.clear();
        queues.clear();
    }
}
