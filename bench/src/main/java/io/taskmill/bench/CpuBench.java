package io.taskmill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.task.BatchId;
import io.taskmill.task.TaskId;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/** The lecture's countdown as tasks of about 1, 10 and 100 ms: one consumer JVM, two, and one Java thread alone. */
final class CpuBench {

    record Result(double taskMs, int tasks, double sequentialSeconds, double oneConsumerSeconds,
                  double twoConsumersSeconds) {
    }

    private final BenchContext context;
    private final TaskHandler count = HandlerRegistry.load().find("count").orElseThrow();

    CpuBench(BenchContext context) {
        this.context = context;
    }

    /**
     * n such that count(n) takes about {@code targetMs} on this machine, after JIT warm-up. The
     * countdown is first called as often as a run calls it, so that it runs compiled as a method,
     * as in a worker, not as the loop compiled on the fly within a long call, which ran it at half
     * or five times the speed from one harness run to the next; then n is corrected until a warm
     * measurement is within 5 % of the target.
     */
    long calibrate(double targetMs) throws Exception {
        for (int i = 0; i < 20_000; i++) {
            run(10_000);
        }
        long n = 1_000_000;
        for (int round = 0; round < 6; round++) {
            long next = Math.max(1, Math.round(n * targetMs / perTaskMillis(n)));
            if (Math.abs(next - n) <= n / 20) {
                return next;
            }
            n = next;
        }
        return n;
    }

    /** One Java thread's time per count(n), warm, in milliseconds. */
    double perTaskMillis(long n) throws Exception {
        for (int i = 0; i < 20; i++) {
            run(n);
        }
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            run(n);
        }
        return (System.nanoTime() - start) / 1e6 / 200;
    }

    Result measure(double taskMs, int tasks) throws Exception {
        long n = calibrate(taskMs);
        long start = System.nanoTime();
        for (int i = 0; i < tasks; i++) {
            run(n);
        }
        double sequential = BenchContext.seconds(start);
        return new Result(taskMs, tasks, sequential, onConsumers(1, n, tasks), onConsumers(2, n, tasks));
    }

    private double onConsumers(int consumerCount, long n, int tasks) throws Exception {
        String prefix = context.newPrefix();
        try (Consumers consumers = context.consumers(prefix); TaskmillClient client = context.client(prefix)) {
            for (int i = 0; i < consumerCount; i++) {
                consumers.start(1, 4);
            }
            // Warm each consumer's JIT on the same work before the measured batch.
            warm(client, n, consumerCount * 20);
            List<JsonNode> payloads = Collections.nCopies(tasks, JsonNodeFactory.instance.objectNode().put("n", n));
            long start = System.nanoTime();
            String batch = BenchContext.publish(client, "count", payloads);
            JoinSummary summary = BenchContext.join(client, batch);
            if (summary.succeeded() != tasks) {
                throw new IllegalStateException("count batch incomplete: " + summary);
            }
            return BenchContext.seconds(start);
        } finally {
            context.deleteQueues(prefix);
        }
    }

    private static void warm(TaskmillClient client, long n, int tasks) throws InterruptedException {
        String batch = BenchContext.publish(client, "count",
                Collections.nCopies(tasks, JsonNodeFactory.instance.objectNode().put("n", Math.min(n, 20_000_000))));
        BenchContext.join(client, batch);
    }

    private long run(long n) throws Exception {
        TaskContext task = new TaskContext(new TaskId(BatchId.create(Instant.now()), 0),
                JsonNodeFactory.instance.objectNode().put("n", n), 1, "bench");
        return count.handle(task).get("checksum").asLong();
    }
}
