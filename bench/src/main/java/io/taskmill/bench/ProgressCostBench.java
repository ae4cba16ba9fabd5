package io.taskmill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.ClientOptions;
import io.taskmill.client.Taskmill;
import io.taskmill.client.TaskmillWorker;
import io.taskmill.handler.TaskContext;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What {@code TaskContext.progress} costs a handler that calls it on every step of a loop:
 * tasks of about 1 ms of CPU in {@link #STEPS} steps, run by a real worker, each doing the
 * same work twice, once telling its progress at every step and once not, in turns, so that
 * both halves meet the same machine; the ratio of the two sums is the cost.
 */
final class ProgressCostBench {

    static final int STEPS = 1_000;
    private static final double TASK_NANOS = 1_000_000;

    /** Sums over every task: nanoseconds without and with a progress call per step. */
    record Result(int tasks, long plainNanos, long toldNanos) {

        double ratio() {
            return (double) toldNanos / plainNanos;
        }
    }

    Result measure(int tasks) throws Exception {
        long perStep = calibrate();
        String uri = "mem://progress-cost-" + UUID.randomUUID();
        try (TaskmillWorker worker = TaskmillWorker.on(uri).concurrency(1).handler("progress-cost", this::twice)
                .start();
             Taskmill taskmill = Taskmill.connect(new ClientOptions(BrokerAddress.parse(uri), Topology.defaults(),
                     Topology.DEFAULT_QUEUE, 0, ClientOptions.DEFAULT_TIME_LIMIT))) {
            List<Map<String, Long>> payloads = Collections.nCopies(tasks, Map.of("perStep", perStep));
            taskmill.map("progress-cost", payloads.subList(0, Math.min(tasks, 200)));
            long plain = 0;
            long told = 0;
            for (JsonNode result : taskmill.map("progress-cost", payloads)) {
                plain += result.get("plain").asLong();
                told += result.get("told").asLong();
            }
            return new Result(tasks, plain, told);
        }
    }

    private JsonNode twice(TaskContext task) {
        long perStep = task.payload().get("perStep").asLong();
        boolean toldFirst = (task.id().seq() & 1) == 0;
        long start = System.nanoTime();
        long first = work(perStep, toldFirst ? task : null);
        long middle = System.nanoTime();
        long second = work(perStep, toldFirst ? null : task);
        long end = System.nanoTime();
        long firstNanos = middle - start;
        long secondNanos = end - middle;
        return JsonNodeFactory.instance.objectNode()
                .put("plain", toldFirst ? secondNanos : firstNanos)
                .put("told", toldFirst ? firstNanos : secondNanos)
                .put("checksum", first ^ second);
    }

    /** The lecture's countdown, folded into a checksum the JIT cannot drop, in steps. */
    private static long work(long perStep, TaskContext told) {
        long checksum = 0;
        for (int step = 0; step < STEPS; step++) {
            for (long i = perStep; i > 0; i--) {
                checksum = checksum * 31 + i;
            }
            if (told != null) {
                told.progress(step + 1, STEPS, null);
            }
        }
        return checksum;
    }

    /** Countdown steps per progress step for about {@link #TASK_NANOS} of work a task. */
    private static long calibrate() {
        long perStep = 1_000;
        for (int round = 0; round < 30; round++) {
            long start = System.nanoTime();
            work(perStep, null);
            double took = System.nanoTime() - start;
            perStep = Math.max(1, Math.round(perStep * TASK_NANOS / took));
        }
        return perStep;
    }
}
