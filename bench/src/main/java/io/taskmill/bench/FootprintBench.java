package io.taskmill.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.Tally;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskId;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;

/** What Taskmill costs in memory and start-up. */
final class FootprintBench {

    private final BenchContext context;

    FootprintBench(BenchContext context) {
        this.context = context;
    }

    /** Heap held by a coordinator's tally per tracked task, for a batch of {@code tasks}. */
    double tallyBytesPerTask(int tasks) {
        String batch = BatchId.create(Instant.now());
        long before = usedHeapAfterGc();
        Tally tally = new Tally(batch, 0);
        tally.record(BatchSealed.of(batch, tasks, 0));
        for (int seq = 0; seq < tasks; seq++) {
            tally.record(CompletionEvent.succeeded(new TaskId(batch, seq), null, 1, "w" + (seq % 4), 1, 1));
        }
        long after = usedHeapAfterGc();
        if (!tally.complete()) {
            throw new IllegalStateException("tally incomplete");
        }
        return Math.max(0, after - before) / (double) tasks;
    }

    /** From starting a consumer JVM to the completion of a task that was waiting for it, in seconds. */
    double startToFirstAck() throws Exception {
        String prefix = context.newPrefix();
        try (Consumers consumers = context.consumers(prefix); TaskmillClient client = context.client(prefix)) {
            String batch = BenchContext.publish(client, "noop", List.of(JsonNodeFactory.instance.objectNode()));
            long start = System.nanoTime();
            consumers.launch(1);
            BenchContext.join(client, batch);
            return BenchContext.seconds(start);
        } finally {
            context.deleteQueues(prefix);
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
