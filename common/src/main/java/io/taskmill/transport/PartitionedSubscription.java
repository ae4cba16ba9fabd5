package io.taskmill.transport;

import java.util.List;

/** A consumer of every partition of a work queue's lane, its window shared among them. */
final class PartitionedSubscription extends CompositeSubscription<TaskSubscription> implements TaskSubscription {

    private PartitionedSubscription() {
    }

    static TaskSubscription of(List<WorkQueue> partitions, int window, DeliveryHandler handler) {
        PartitionedSubscription all = new PartitionedSubscription();
        try {
            for (WorkQueue partition : partitions) {
                all.add(partition.consume(share(window, partitions.size()), handler));
            }
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
        return all;
    }

    @Override
    public void resize(int window) {
        int share = share(TaskSubscription.requireWindow(window), parts().size());
        parts().forEach(part -> part.resize(share));
    }

    private static int share(int window, int partitions) {
        return Math.max(1, (window + partitions - 1) / partitions);
    }
}
