package io.taskmill.bench;

import io.taskmill.client.BatchPublisher;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.transport.EventPartitions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a join costs beside other batches' traffic, by the deployment's event partitions:
 * the join of a finished 10-task batch on an idle deployment, then again while a big batch
 * runs and once it is done, on two consumers started as the README starts them. The big batch's own rate
 * through its join is the deployment's throughput with that many partitions.
 */
final class JoinCostBench {

    /**
     * @param busyMillis  while the big batch runs: the machine's cores are the fleet's, and the log grows
     * @param afterMillis once the big batch is done: its events are in the log, the machine is quiet again
     */
    record Result(int partitions, double idleMillis, double busyMillis, double afterMillis, long bigTasks,
                  double bigTasksPerSecond, long bigDoneWhenMeasured) {
    }

    private static final int SMALL = 10;
    private static final int JOINS = 5;

    private final BenchContext context;

    JoinCostBench(BenchContext context) {
        this.context = context;
    }

    Result measure(int partitions, int bigTasks) throws Exception {
        BenchContext on = context.on(context.broker() + (context.broker().contains("?") ? "&" : "?")
                + "event-partitions=" + partitions);
        EventPartitions layout = new EventPartitions(partitions);
        String prefix = on.newPrefix();
        try (Consumers consumers = on.consumers(prefix); TaskmillClient client = on.client(prefix)) {
            consumers.startAsUsersDo();
            consumers.startAsUsersDo();
            BatchPublisher big = client.openBatch();
            String small;
            // With several partitions, a small batch in the big one's partition reads its traffic as one log would:
            // the figure is for one in another partition, which is where most batches are when many run.
            do {
                small = BenchContext.publish(client, "noop", ThroughputBench.noops(SMALL));
                ThroughputBench.check(BenchContext.join(client, small), SMALL);
            } while (partitions > 1 && layout.of(small).equals(layout.of(big.id())));
            double idle = medianJoinMillis(client, small);

            AtomicLong done = new AtomicLong();
            long start = System.nanoTime();
            CompletableFuture<JoinSummary> bigJoin = CompletableFuture.supplyAsync(() -> {
                try {
                    return BenchContext.join(client, big.id(), event -> done.incrementAndGet());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            int perMessage = client.perMessage("noop", bigTasks);
            List<com.fasterxml.jackson.databind.JsonNode> payloads = ThroughputBench.noops(perMessage);
            for (int sent = 0; sent < bigTasks; sent += perMessage) {
                big.submitChunk("noop", payloads.subList(0, Math.min(perMessage, bigTasks - sent)));
            }
            big.seal();
            while (done.get() < bigTasks / 2 && !bigJoin.isDone()) {
                Thread.sleep(10);
            }
            long doneWhenMeasured = done.get();
            double busy = medianJoinMillis(client, small);
            JoinSummary summary = bigJoin.get(20, TimeUnit.MINUTES);
            double seconds = BenchContext.seconds(start);
            ThroughputBench.check(summary, bigTasks);
            double after = medianJoinMillis(client, small);
            return new Result(partitions, idle, busy, after, bigTasks, bigTasks / seconds, doneWhenMeasured);
        } finally {
            on.deleteQueues(prefix);
        }
    }

    private static double medianJoinMillis(TaskmillClient client, String batch) throws InterruptedException {
        double[] millis = new double[JOINS];
        for (int i = 0; i < JOINS; i++) {
            long start = System.nanoTime();
            ThroughputBench.check(BenchContext.join(client, batch), SMALL);
            millis[i] = BenchContext.seconds(start) * 1000;
        }
        return BenchContext.median(millis);
    }
}
