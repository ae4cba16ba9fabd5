package io.taskmill.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Taskmill at sizes the other benchmarks do not reach, the README's way: the submit of a
 * big file measured against a small one, a digest of {@code /usr} against {@code xargs
 * sha512sum}, and what the event log keeps on disk per task.
 */
record ScaleBench(BenchContext context, TimedCli cli) {

    /** A submit: how long, how fast, how much memory at its peak. */
    record Submit(long tasks, double seconds, long peakRssBytes) {
        double tasksPerSecond() {
            return tasks / seconds;
        }
    }

    /** {@code taskmill digest DIR} as a whole process, and xargs on the same warm tree. */
    record Digest(long files, double seconds, long peakRssBytes, double xargsSeconds) {
    }

    /**
     * {@code taskmill submit --payloads} of {@code tasks} lines of {@code {}}, to a
     * deployment with no consumer (nothing competes with the publish); its queues are
     * deleted after.
     */
    Submit submit(long tasks) throws Exception {
        String prefix = context.newPrefix();
        Path payloads = payloads(prefix + "-scale", tasks);
        try {
            TimedCli.Run run = cli.run(prefix, "submit", "--type", "noop", "--payloads", payloads.toString(),
                    "--quiet");
            return new Submit(tasks, run.seconds(), run.peakRssBytes());
        } finally {
            Files.deleteIfExists(payloads);
            context.deleteQueues(prefix);
        }
    }

    /**
     * {@code taskmill digest DIR} on this broker with two consumer processes started the
     * README's way, timed as a whole process, against xargs on the same warm tree (median
     * of three each).
     */
    Digest digestOnFleet(Path dir) throws Exception {
        String prefix = context.newPrefix();
        Path output = Files.createTempFile(Files.createDirectories(context.logs()), "scale-fleet", ".sha512");
        try (Consumers consumers = context.consumers(prefix)) {
            consumers.startAsUsersDo();
            consumers.startAsUsersDo();
            ProcessBuilder xargs = xargs(dir);
            xargs.start().waitFor();
            double[] xargsSeconds = new double[3];
            double[] seconds = new double[3];
            long peak = 0;
            for (int i = 0; i < 3; i++) {
                xargsSeconds[i] = timed(xargs, dir);
                TimedCli.Run run = cli.run(prefix, "digest", dir.toString(), "--output", output.toString(), "--quiet");
                seconds[i] = run.seconds();
                peak = Math.max(peak, run.peakRssBytes());
            }
            return new Digest(lines(output), BenchContext.median(seconds), peak, BenchContext.median(xargsSeconds));
        } finally {
            Files.deleteIfExists(output);
            context.deleteQueues(prefix);
        }
    }

    private static ProcessBuilder xargs(Path dir) {
        return new ProcessBuilder("sh", "-c",
                "find \"$1\" -type f -print0 | xargs -0 -P2 -n 500 sha512sum > /dev/null", "sh", dir.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    }

    private static double timed(ProcessBuilder xargs, Path dir) throws IOException, InterruptedException {
        long start = System.nanoTime();
        if (xargs.start().waitFor() != 0) {
            throw new IllegalStateException("xargs sha512sum over " + dir + " failed");
        }
        return BenchContext.seconds(start);
    }

    private static long lines(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    /** Two consumers after a small batch and after a big one, and the big batch's join. */
    record Fleet(long tasks, double seconds, long joinPeakRssBytes, long consumerRssSmallBytes,
                 long consumerRssBigBytes) {
        double tasksPerSecond() {
            return tasks / seconds;
        }
    }

    /**
     * The README's way at size: two consumer processes run a batch of {@code small} no-op
     * tasks, then one of {@code big} (submitted from a file, then joined by a process of its
     * own); a consumer's resident memory after each, and the join's peak.
     */
    Fleet fleet(long small, long big) throws Exception {
        String prefix = context.newPrefix();
        Path smallFile = payloads(prefix + "-small", small);
        Path bigFile = payloads(prefix + "-big", big);
        try (Consumers consumers = context.consumers(prefix)) {
            consumers.startAsUsersDo();
            Process watched = consumers.startAsUsersDo();
            submitAndJoin(prefix, smallFile, small);
            long afterSmall = atRest(watched);
            long start = System.nanoTime();
            TimedCli.Run join = submitAndJoin(prefix, bigFile, big);
            double seconds = BenchContext.seconds(start);
            return new Fleet(big, seconds, join.peakRssBytes(), afterSmall, atRest(watched));
        } finally {
            Files.deleteIfExists(smallFile);
            Files.deleteIfExists(bigFile);
            context.deleteQueues(prefix);
        }
    }

    /**
     * A consumer's resident memory once idle for longer than its launcher's native-heap trim
     * interval (5 s): right after a batch, the JIT's compiler arenas of its last compilations
     * still count, whatever the batch's size (125 MB right after 100,000 tasks, 105 MB 6 s later).
     */
    private static long atRest(Process consumer) throws IOException, InterruptedException {
        Thread.sleep(AT_REST.toMillis());
        return Rss.of(consumer.pid());
    }

    private static final Duration AT_REST = Duration.ofSeconds(6);

    private TimedCli.Run submitAndJoin(String prefix, Path file, long tasks) throws Exception {
        String batch = cli.run(prefix, "submit", "--type", "noop", "--payloads", file.toString(), "--quiet").out()
                .strip();
        TimedCli.Run join = cli.run(prefix, "join", batch, "--json", "--quiet");
        if (new ObjectMapper().readTree(join.out()).path("succeeded").asLong() != tasks) {
            throw new IllegalStateException("the batch did not complete: " + join.out());
        }
        return join;
    }

    private Path payloads(String name, long tasks) throws IOException {
        Path file = Files.createDirectories(context.logs()).resolve(name + ".jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (long i = 0; i < tasks; i++) {
                out.write("{}\n");
            }
        }
        return file;
    }

    /** The median of three warm runs of each, xargs first so that both read from the page cache. */
    Digest digest(Path dir) throws Exception {
        Path output = Files.createTempFile(Files.createDirectories(context.logs()), "scale-digest", ".sha512");
        try {
            ProcessBuilder xargs = xargs(dir);
            double[] xargsSeconds = new double[3];
            double[] seconds = new double[3];
            long peak = 0;
            xargs.start().waitFor();
            for (int i = 0; i < 3; i++) {
                xargsSeconds[i] = timed(xargs, dir);
                TimedCli.Run run = cli.runAsIs(List.of("digest", dir.toString(), "--output", output.toString(),
                        "--quiet"));
                seconds[i] = run.seconds();
                peak = Math.max(peak, run.peakRssBytes());
            }
            return new Digest(lines(output), BenchContext.median(seconds), peak, BenchContext.median(xargsSeconds));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Bytes the event log takes on disk per task after a batch of {@code tasks} no-op tasks
     * run by two consumers, one message per task (the README's submit packs them, which
     * changes nothing in the log: completions are grouped by the workers either way).
     */
    double eventLogBytesPerTask(int tasks) throws Exception {
        String prefix = context.newPrefix();
        Path payloads = payloads(prefix + "-log", tasks);
        try (Consumers consumers = context.consumers(prefix)) {
            consumers.startAsUsersDo();
            consumers.startAsUsersDo();
            cli.run(prefix, "submit", "--type", "noop", "--payloads", payloads.toString(), "--join", "--json",
                    "--quiet");
            return (double) eventLogBytes(prefix) / tasks;
        } finally {
            Files.deleteIfExists(payloads);
            context.deleteQueues(prefix);
        }
    }

    private long eventLogBytes(String prefix) throws Exception {
        if (context.broker().startsWith("nats:")) {
            try (Connection connection = Nats.connect(context.broker())) {
                return connection.jetStreamManagement().getStreamInfo(prefix.replace('.', '_') + "_events")
                        .getStreamState().getByteCount();
            }
        }
        // A RabbitMQ stream's segments, in the broker's data directory (this machine's broker), in a directory
        // named after the stream with its dots made underscores.
        String directory = "__" + (prefix + ".events").replace('.', '_') + "_";
        Process du = new ProcessBuilder("sh", "-c", "find /var/lib/rabbitmq -type d -path '*stream*' -name \"$1*\" "
                + "-exec du -sb {} + 2>/dev/null | awk '{s += $1} END {print s + 0}'", "sh", directory)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (!du.waitFor(2, TimeUnit.MINUTES) || out.isEmpty() || "0".equals(out)) {
            throw new IllegalStateException("found no stream directory of " + prefix + ".events on this machine");
        }
        return Long.parseLong(out);
    }
}
