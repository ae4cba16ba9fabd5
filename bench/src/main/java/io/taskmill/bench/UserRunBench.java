package io.taskmill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * Taskmill the way the README runs it: consumer processes started with no flags but the
 * broker, {@code taskmill submit --payloads} of a file of {@code {}} lines, then
 * {@code taskmill join}; timed from the submit's start to the join's end, as a user's
 * shell would time it, with the broker's CPU time over the same span. Around it, what a
 * join costs: of a small batch on an idle deployment and right after the big batch, and a
 * re-join of the big batch once it is finished.
 */
record UserRunBench(BenchContext context, Path cliJar, BrokerCpu broker) {

    private static final int SMALL_BATCH = 10;
    private static final int REPEATS = 3;

    record Result(long tasks, double seconds, double submitSeconds, double brokerCpuSeconds, long consumerRssBytes,
                  double idleJoinSeconds,
                  double busyJoinSeconds, double rejoinSeconds, long rejoinPeakRssBytes) {

        double tasksPerSecond() {
            return tasks / seconds;
        }

        double brokerMicrosPerTask() {
            return brokerCpuSeconds * 1e6 / tasks;
        }
    }

    Result noops(int consumerCount, int tasks) throws Exception {
        String prefix = context.newPrefix();
        Files.createDirectories(context.logs());
        Path payloads = context.logs().resolve(prefix + "-payloads.jsonl");
        Path small = context.logs().resolve(prefix + "-small.jsonl");
        Files.write(payloads, Collections.nCopies(tasks, "{}"));
        Files.write(small, Collections.nCopies(SMALL_BATCH, "{}"));
        try (Consumers consumers = context.consumers(prefix)) {
            Process last = null;
            for (int i = 0; i < consumerCount; i++) {
                last = consumers.startAsUsersDo();
            }
            double idleJoin = smallBatchJoinSeconds(prefix, small);

            double cpuBefore = broker.seconds();
            long start = System.nanoTime();
            TimedCli.Run submit = cli(prefix, "submit", "--type", "noop", "--payloads", payloads.toString(), "--quiet");
            String batch = submit.out().strip();
            JsonNode summary = summary(cli(prefix, "join", batch, "--json", "--quiet"), tasks);
            double seconds = BenchContext.seconds(start);
            double cpu = broker.seconds() - cpuBefore;
            long consumerRss = Rss.of(last.pid());

            double busyJoin = smallBatchJoinSeconds(prefix, small);
            double[] rejoinSeconds = new double[REPEATS];
            long rejoinRss = 0;
            for (int i = 0; i < REPEATS; i++) {
                TimedCli.Run rejoin = cli(prefix, "join", batch, "--json", "--quiet");
                summary(rejoin, tasks);
                rejoinSeconds[i] = rejoin.seconds();
                rejoinRss = Math.max(rejoinRss, rejoin.peakRssBytes());
            }
            return new Result(tasks, seconds, submit.seconds(), cpu, consumerRss, idleJoin, busyJoin, BenchContext.median(rejoinSeconds), rejoinRss);
        } finally {
            Files.deleteIfExists(payloads);
            Files.deleteIfExists(small);
            context.deleteQueues(prefix);
        }
    }

    /** The median, over a few batches of {@link #SMALL_BATCH} tasks, of the join process's own time. */
    private double smallBatchJoinSeconds(String prefix, Path small) throws IOException, InterruptedException {
        double[] seconds = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            String batch = cli(prefix, "submit", "--type", "noop", "--payloads", small.toString(), "--quiet").out().strip();
            TimedCli.Run join = cli(prefix, "join", batch, "--json", "--quiet");
            summary(join, SMALL_BATCH);
            seconds[i] = join.seconds();
        }
        return BenchContext.median(seconds);
    }

    private static JsonNode summary(TimedCli.Run join, long tasks) throws IOException {
        JsonNode summary = new ObjectMapper().readTree(join.out());
        if (summary.path("succeeded").asLong() != tasks) {
            throw new IllegalStateException("the README's run did not complete: " + summary);
        }
        return summary;
    }

    private TimedCli.Run cli(String prefix, String... args) throws IOException, InterruptedException {
        return new TimedCli(context, cliJar).run(prefix, args);
    }
}
