package io.taskmill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How the fleet deals out the lecture's shapes of work, the README's way (consumers started
 * by their launcher with no option but the broker, unless the row says which): tasks of
 * unequal length, consumers of unequal size, many tasks of about a millisecond, a digest of
 * many small files, and tasks one a message; each beside its ideal, the embedded default,
 * and Python's {@code Pool} on the same work.
 */
record DispatchBench(BenchContext context, TimedCli cli, Path python) {

    /** Longest batch to finish beside its ideal; Pool.map's time on the same sleeps. */
    record Makespan(String workload, double seconds, double idealSeconds, double poolSeconds, String perWorker) {
    }

    /** {@code taskmill count} on two consumers and embedded, beside the ideal and Pool.map. */
    record Count(int tasks, long n, double taskMs, double rabbitSeconds, double embeddedSeconds, double idealSeconds,
                 double poolSeconds) {
    }

    /** Tasks/s of a fleet's first batch, its consumers just started, and of its second batch. */
    record Batches(double first, double second) {
    }

    /** No-op tasks one a message on RabbitMQ and on NATS. */
    record OneAMessage(Batches rabbit, Batches nats) {
    }

    /** {@code taskmill digest} as whole processes, on two consumers and embedded, and the lecture's Pool(2). */
    record Digest(Path dir, long files, double rabbitSeconds, double embeddedSeconds, double poolSeconds) {
    }

    /**
     * Sleep tasks of {@code lengths} in turn on consumers of {@code threads} each; the
     * makespan is the join's wall time (opening to the last task final), the ideal the
     * work over all threads.
     */
    Makespan sleeps(String workload, int tasks, int[] lengths, int[] threads) throws Exception {
        String prefix = context.newPrefix();
        Path payloads = context.logs().resolve(prefix + "-sleeps.jsonl");
        Files.createDirectories(context.logs());
        List<String> lines = new ArrayList<>();
        long workMs = 0;
        for (int i = 0; i < tasks; i++) {
            lines.add("{\"ms\":" + lengths[i % lengths.length] + "}");
            workMs += lengths[i % lengths.length];
        }
        Files.write(payloads, lines);
        int allThreads = 0;
        try (Consumers consumers = context.consumers(prefix)) {
            for (int each : threads) {
                // The README starts a consumer with one thread per core; other sizes are its --concurrency.
                consumers.startAsUsersDo(each == Runtime.getRuntime().availableProcessors() ? List.of()
                        : List.of("--concurrency", Integer.toString(each)));
                allThreads += each;
            }
            JsonNode summary = summary(cli.run(prefix, "submit", "--type", "sleep", "--payloads",
                    payloads.toString(), "--join", "--json", "--quiet"), tasks);
            String pool = String.join(",", java.util.Arrays.stream(lengths).mapToObj(Integer::toString).toList());
            double poolSeconds = Double.parseDouble(Scripts.python(python, "sleep", "--ms", pool, "--tasks",
                    Integer.toString(tasks), "--procs", Integer.toString(allThreads)).get("seconds"));
            return new Makespan(workload, summary.get("wallSeconds").asDouble(), workMs / 1000.0 / allThreads,
                    poolSeconds, summary.get("perWorker").toString());
        } finally {
            Files.deleteIfExists(payloads);
            context.deleteQueues(prefix);
        }
    }

    /**
     * {@code taskmill count} of {@code tasks} tasks of about {@code taskMs}: on two consumers
     * after a first batch (which the fleet measures the type on, as any fleet in use has), and
     * embedded, each the median of three; the ideal is one thread's time per task times the tasks over the cores.
     */
    Count count(int tasks, double taskMs) throws Exception {
        CpuBench cpu = new CpuBench(context);
        long n = cpu.calibrate(taskMs);
        double perTaskMs = cpu.perTaskMillis(n);
        String[] args = {"count", "--tasks", Integer.toString(tasks), "--n", Long.toString(n), "--json", "--quiet"};
        String prefix = context.newPrefix();
        // Batches of three seconds: each side the median of three, which one slow second of a shared machine moved by
        // a fifth.
        double[] rabbit = new double[3];
        double[] embedded = new double[3];
        try (Consumers consumers = context.consumers(prefix)) {
            consumers.startAsUsersDo();
            consumers.startAsUsersDo();
            summary(cli.run(prefix, args), tasks);
            for (int i = 0; i < 3; i++) {
                rabbit[i] = summary(cli.run(prefix, args), tasks).get("wallSeconds").asDouble();
            }
        } finally {
            context.deleteQueues(prefix);
        }
        for (int i = 0; i < 3; i++) {
            embedded[i] = summary(cli.runAsIs(List.of(args)), tasks).get("wallSeconds").asDouble();
        }
        Map<String, String> pool = Scripts.python(python, "count", "--ms", Double.toString(taskMs), "--tasks",
                Integer.toString(tasks), "--procs", Integer.toString(Runtime.getRuntime().availableProcessors()));
        return new Count(tasks, n, perTaskMs, BenchContext.median(rabbit), BenchContext.median(embedded),
                perTaskMs * tasks / 1000 / Runtime.getRuntime().availableProcessors(),
                Double.parseDouble(pool.get("seconds")));
    }

    /** Whole processes, each the median of three on a warm page cache. */
    Digest digest(Path dir) throws Exception {
        Path output = Files.createTempFile(Files.createDirectories(context.logs()), "dispatch", ".sha512");
        String prefix = context.newPrefix();
        try {
            double[] rabbit = new double[3];
            double[] embedded = new double[3];
            double[] pool = new double[3];
            try (Consumers consumers = context.consumers(prefix)) {
                consumers.startAsUsersDo();
                consumers.startAsUsersDo();
                cli.run(prefix, "digest", dir.toString(), "--output", output.toString(), "--quiet");
                for (int i = 0; i < 3; i++) {
                    rabbit[i] = cli.run(prefix, "digest", dir.toString(), "--output", output.toString(), "--quiet")
                            .seconds();
                }
            } finally {
                context.deleteQueues(prefix);
            }
            long files = lines(output);
            for (int i = 0; i < 3; i++) {
                embedded[i] = cli.runAsIs(List.of("digest", dir.toString(), "--output", output.toString(), "--quiet"))
                        .seconds();
                long start = System.nanoTime();
                Scripts.python(python, "digest", dir.toString(), "--procs", "2", "--output", output.toString());
                pool[i] = BenchContext.seconds(start);
            }
            return new Digest(dir, files, BenchContext.median(rabbit), BenchContext.median(embedded),
                    BenchContext.median(pool));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** No-op tasks one a message ({@code submit --chunk 1}) through join on two consumers: tasks/s. */
    double oneAMessage(int tasks) throws Exception {
        return noops(tasks, 1, "--chunk", "1")[0];
    }

    /** As {@link #oneAMessage}, then a second batch as large on the same two consumers. */
    Batches oneAMessageTwice(int tasks) throws Exception {
        double[] rates = noops(tasks, 2, "--chunk", "1");
        return new Batches(rates[0], rates[1]);
    }

    /** No-op tasks as {@code submit} packs them by default, through join on two consumers: tasks/s. */
    double withDefaults(int tasks) throws Exception {
        return noops(tasks, 1)[0];
    }

    /** Tasks/s of each of {@code batches} batches, one after the other, on the same two consumers. */
    private double[] noops(int tasks, int batches, String... packing) throws Exception {
        String prefix = context.newPrefix();
        Path payloads = context.logs().resolve(prefix + "-noops.jsonl");
        Files.write(payloads, Collections.nCopies(tasks, "{}"));
        try (Consumers consumers = context.consumers(prefix)) {
            consumers.startAsUsersDo();
            consumers.startAsUsersDo();
            List<String> submit = new ArrayList<>(List.of("submit", "--type", "noop", "--payloads",
                    payloads.toString(), "--join", "--json", "--quiet"));
            submit.addAll(List.of(packing));
            double[] rates = new double[batches];
            for (int i = 0; i < batches; i++) {
                long start = System.nanoTime();
                summary(cli.run(prefix, submit.toArray(String[]::new)), tasks);
                rates[i] = tasks / BenchContext.seconds(start);
            }
            return rates;
        } finally {
            Files.deleteIfExists(payloads);
            context.deleteQueues(prefix);
        }
    }

    /** This part's rows: each against the target. */
    static void report(Report report, List<Makespan> makespans, Count count, Digest digest, OneAMessage oneAMessage,
                       Optional<Batches> bullmq, OptionalDouble readmeWay) {
        for (Makespan m : makespans) {
            report.add(Metric.of(m.workload() + ": makespan (join's wall time) vs ideal (the work over every thread)",
                    m.seconds(), "s", m.idealSeconds(), "ideal s", "≤ 1.15×", m.seconds() <= 1.15 * m.idealSeconds()));
            report.add(Metric.of(m.workload() + ": Taskmill vs Python Pool.map on as many processes as threads",
                    m.seconds(), "s", m.poolSeconds(), "Pool.map s", null, null));
            report.note(m.workload() + ": tasks per worker " + m.perWorker());
        }
        String label = String.format("`taskmill count --tasks %d` of ~%.1f ms tasks", count.tasks(), count.taskMs());
        report.add(Metric.of(label + ", 2 consumers the README's way vs the embedded default (join's wall time, "
                + "median of 3)",
                count.rabbitSeconds(), "s", count.embeddedSeconds(), "embedded s", "≤ 1.25×",
                count.rabbitSeconds() <= 1.25 * count.embeddedSeconds()));
        report.add(Metric.of(label + ", embedded default vs ideal (one thread's time per task × tasks / cores)",
                count.embeddedSeconds(), "s", count.idealSeconds(), "ideal s", "≤ 1.25×",
                count.embeddedSeconds() <= 1.25 * count.idealSeconds()));
        report.add(Metric.of(label + ", 2 consumers vs Python Pool.map(2) of ~1 ms Python countdowns",
                count.rabbitSeconds(), "s", count.poolSeconds(), "Pool.map s", null, null));
        String dir = String.format("`taskmill digest %s` (%,d files), whole process", digest.dir(), digest.files());
        report.add(Metric.of(dir + ", 2 consumers the README's way vs the embedded default", digest.rabbitSeconds(),
                "s", digest.embeddedSeconds(), "embedded s", "≤ 1.25×",
                digest.rabbitSeconds() <= 1.25 * digest.embeddedSeconds()));
        report.add(Metric.of(dir + ", 2 consumers vs the lecture's Pool(2), apply_async per file, whole process",
                digest.rabbitSeconds(), "s", digest.poolSeconds(), "Pool(2) s", "faster (< 1.0×)",
                digest.rabbitSeconds() < digest.poolSeconds()));
        oneAMessageRows(report, "", oneAMessage.rabbit(), bullmq);
        oneAMessageRows(report, " on NATS JetStream (`--broker nats://…`)", oneAMessage.nats(), bullmq);
        if (bullmq.isPresent()) {
            readmeWay.ifPresent(tasksPerSecond -> report.add(Metric.of("no-op tasks/s with defaults (the README's "
                    + "way above) vs BullMQ", tasksPerSecond, "tasks/s", bullmq.get().first(), "BullMQ tasks/s",
                    "≥ 3.0×", tasksPerSecond >= 3 * bullmq.get().first())));
        }
    }

    /**
     * A fleet's first batch beside BullMQ's first on workers just started, and its second beside
     * BullMQ's second: what a fleet does when it starts, and once its JIT has compiled the hot code
     * (a consumer's first 200,000 tasks spend about as much CPU compiling as running).
     */
    private static void oneAMessageRows(Report report, String where, Batches taskmill, Optional<Batches> bullmq) {
        String label = "no-op tasks/s one a message" + where + " (`submit --chunk 1 --join`), 2 consumers";
        String first = ": the consumers' first batch";
        String second = ": the same consumers' second batch";
        if (bullmq.isEmpty()) {
            report.add(Metric.of(label + first, taskmill.first(), "tasks/s", Double.NaN, "", null, null));
            report.add(Metric.of(label + second, taskmill.second(), "tasks/s", Double.NaN, "", null, null));
            return;
        }
        report.add(Metric.of(label + first + ", vs BullMQ's first batch on its workers just started", taskmill.first(),
                "tasks/s", bullmq.get().first(), "BullMQ tasks/s", "≥ 1.0×", taskmill.first() >= bullmq.get().first()));
        report.add(Metric.of(label + second + ", vs BullMQ's second batch on its same workers", taskmill.second(),
                "tasks/s", bullmq.get().second(), "BullMQ tasks/s", "≥ 1.0×",
                taskmill.second() >= bullmq.get().second()));
    }

    private static JsonNode summary(TimedCli.Run run, long tasks) throws IOException {
        JsonNode summary = new ObjectMapper().readTree(run.out().strip().lines().reduce((a, b) -> b).orElse("{}"));
        if (summary.path("succeeded").asLong() != tasks) {
            throw new IllegalStateException("a dispatch batch did not complete: " + run.out());
        }
        return summary;
    }

    private static long lines(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }
}
