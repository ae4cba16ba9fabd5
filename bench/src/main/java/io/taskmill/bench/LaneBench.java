package io.taskmill.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What priorities and keys cost: the same no-op tasks through consumers started the README's
 * way, as four batches submitted and joined side by side, once plain and once each in a
 * lane of its own (two keys, high and low priority), alternately, so that both meet the same
 * consumers equally warm.
 */
record LaneBench(BenchContext context, Path cliJar) {

    private static final List<List<String>> PLAIN = List.of(List.of(), List.of(), List.of(), List.of());
    private static final List<List<String>> LANES = List.of(List.of("--key", "tenant-a"), List.of("--key", "tenant-b"),
            List.of("--priority", "high"), List.of("--priority", "low"));
    private static final int ROUNDS = 2;

    /** Tasks a second, plain and with lanes: the medians of the rounds. */
    record Result(double plainTasksPerSecond, double laneTasksPerSecond) {
    }

    Result noops(int consumerCount, int tasks) throws Exception {
        String prefix = context.newPrefix();
        Files.createDirectories(context.logs());
        Path payloads = context.logs().resolve(prefix + "-quarter.jsonl");
        Files.write(payloads, Collections.nCopies(tasks / 4, "{}"));
        try (Consumers consumers = context.consumers(prefix)) {
            for (int i = 0; i < consumerCount; i++) {
                consumers.startAsUsersDo();
            }
            double[] plain = new double[ROUNDS];
            double[] lanes = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                plain[round] = (tasks / 4 * 4) / run(prefix, payloads, tasks / 4, PLAIN);
                lanes[round] = (tasks / 4 * 4) / run(prefix, payloads, tasks / 4, LANES);
            }
            return new Result(BenchContext.median(plain), BenchContext.median(lanes));
        } finally {
            Files.deleteIfExists(payloads);
            context.deleteQueues(prefix);
        }
    }

    /** Seconds from the first submit's start to the last join's end. */
    private double run(String prefix, Path payloads, int perBatch, List<List<String>> placements) throws Exception {
        long start = System.nanoTime();
        List<Process> submits = new ArrayList<>();
        for (List<String> placement : placements) {
            List<String> args = new ArrayList<>(List.of("submit", "--type", "noop", "--payloads", payloads.toString(),
                    "--quiet"));
            args.addAll(placement);
            submits.add(start(prefix, args));
        }
        List<Process> joins = new ArrayList<>();
        for (Process submit : submits) {
            String batch = finish(submit).strip();
            joins.add(start(prefix, List.of("join", batch, "--json", "--quiet")));
        }
        for (Process join : joins) {
            long succeeded = new ObjectMapper().readTree(finish(join)).path("succeeded").asLong();
            if (succeeded != perBatch) {
                throw new IllegalStateException("a batch of the lane run ended with " + succeeded + " of " + perBatch);
            }
        }
        return BenchContext.seconds(start);
    }

    private Process start(String prefix, List<String> args) throws IOException {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--broker", context.broker(), "--prefix", prefix));
        return Launchers.cli(cliJar, all).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String finish(Process process) throws IOException, InterruptedException {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(process.info().commandLine().orElse("taskmill") + " exited "
                    + process.exitValue() + ": " + out);
        }
        return out;
    }
}
