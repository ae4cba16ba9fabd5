package io.taskmill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import java.util.Collections;
import java.util.List;

/** No-op tasks from the first submit to the end of the join; and the cost of a kill -9 half-way. */
final class ThroughputBench {

    record Run(int consumers, long tasks, double seconds, long rssBytes) {

        double tasksPerSecond() {
            return tasks / seconds;
        }
    }

    private static final int WARM_UP = 5_000;

    private final BenchContext context;

    ThroughputBench(BenchContext context) {
        this.context = context;
    }

    /**
     * Live mode: consumers running while the producer submits, {@code chunk} tasks to a
     * message (1: a message per task); each is its own task in the tally either way.
     */
    Run live(int consumerCount, int tasks, int chunk) throws Exception {
        String prefix = context.newPrefix();
        try (Consumers consumers = context.consumers(prefix); TaskmillClient client = context.client(prefix)) {
            Process last = null;
            for (int i = 0; i < consumerCount; i++) {
                last = consumers.start(2, chunk == 1 ? 128 : 16);
            }
            // Warm the JITs of every JVM on the same path before the measured batch.
            check(BenchContext.join(client, BenchContext.publish(client, "noop", noops(WARM_UP))), WARM_UP);
            long start = System.nanoTime();
            io.taskmill.client.BatchPublisher batch = client.openBatch();
            List<JsonNode> payloads = noops(chunk);
            for (int sent = 0; sent < tasks; sent += chunk) {
                batch.submitChunk("noop", payloads.subList(0, Math.min(chunk, tasks - sent)));
            }
            batch.seal();
            JoinSummary summary = BenchContext.join(client, batch.id());
            double seconds = BenchContext.seconds(start);
            check(summary, tasks);
            return new Run(consumerCount, tasks, seconds, Rss.of(last.pid()));
        } finally {
            context.deleteQueues(prefix);
        }
    }

    /** Backlog mode: everything published first, then the consumers start; timed from their start. */
    Run backlog(int consumerCount, int tasks) throws Exception {
        String prefix = context.newPrefix();
        try (Consumers consumers = context.consumers(prefix); TaskmillClient client = context.client(prefix)) {
            String batch = BenchContext.publish(client, "noop", noops(tasks));
            long start = System.nanoTime();
            Process last = null;
            for (int i = 0; i < consumerCount; i++) {
                last = consumers.start(2, 128);
            }
            JoinSummary summary = BenchContext.join(client, batch);
            double seconds = BenchContext.seconds(start);
            check(summary, tasks);
            return new Run(consumerCount, tasks, seconds, Rss.of(last.pid()));
        } finally {
            context.deleteQueues(prefix);
        }
    }

    /**
     * Sleep tasks on two consumers, once without fault and once with one consumer killed
     * at half-way and a replacement started at once; returns {no-fault s, with-kill s}.
     */
    double[] crashCost(int tasks, int taskMs, int prefetch) throws Exception {
        double clean = sleepRun(tasks, taskMs, prefetch, false);
        double killed = sleepRun(tasks, taskMs, prefetch, true);
        return new double[] {clean, killed};
    }

    private double sleepRun(int tasks, int taskMs, int prefetch, boolean kill) throws Exception {
        String prefix = context.newPrefix();
        try (Consumers consumers = context.consumers(prefix); TaskmillClient client = context.client(prefix)) {
            Process victim = consumers.start(2, prefetch);
            consumers.start(2, prefetch);
            List<JsonNode> payloads = Collections.nCopies(tasks, JsonNodeFactory.instance.objectNode().put("ms", taskMs));
            long start = System.nanoTime();
            String batch = BenchContext.publish(client, "sleep", payloads);
            java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
            Thread killer = new Thread(() -> {
                try {
                    while (kill && done.get() < tasks / 2) {
                        Thread.sleep(5);
                    }
                    if (kill) {
                        victim.destroyForcibly();
                        consumers.start(2, prefetch);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            killer.start();
            JoinSummary summary = BenchContext.join(client, batch, event -> done.incrementAndGet());
            double seconds = BenchContext.seconds(start);
            killer.join();
            check(summary, tasks);
            return seconds;
        } finally {
            context.deleteQueues(prefix);
        }
    }

    static List<JsonNode> noops(int tasks) {
        return Collections.nCopies(tasks, JsonNodeFactory.instance.objectNode());
    }

    static void check(JoinSummary summary, long tasks) {
        if (summary.succeeded() != tasks || summary.timedOut()) {
            throw new IllegalStateException("benchmark batch did not complete: " + summary);
        }
    }
}
