package io.taskmill.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.BatchPublisher;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;

/**
 * No-op tasks one a message (what an application submitting per request sends), through
 * join, on a work queue of one or more partitions: two consumers started as the README
 * starts them, the partitions and the event partitions both in the URI every process takes.
 */
final class PartitionRateBench {

    private final BenchContext context;

    PartitionRateBench(BenchContext context) {
        this.context = context;
    }

    double tasksPerSecond(int partitions, int tasks) throws Exception {
        BenchContext on = context.on(context.broker() + (context.broker().contains("?") ? "&" : "?")
                + "partitions=" + partitions + "&event-partitions=" + partitions);
        String prefix = on.newPrefix();
        try (Consumers consumers = on.consumers(prefix); TaskmillClient client = on.client(prefix)) {
            consumers.startAsUsersDo();
            consumers.startAsUsersDo();
            // Warm every JVM on the same path first.
            ThroughputBench.check(BenchContext.join(client, BenchContext.publish(client, "noop",
                    ThroughputBench.noops(2_000))), 2_000);
            long start = System.nanoTime();
            BatchPublisher batch = client.openBatch();
            for (int i = 0; i < tasks; i++) {
                batch.submit("noop", JsonNodeFactory.instance.objectNode());
            }
            batch.seal();
            JoinSummary summary = BenchContext.join(client, batch.id());
            ThroughputBench.check(summary, tasks);
            return tasks / BenchContext.seconds(start);
        } finally {
            on.deleteQueues(prefix);
        }
    }
}
