package io.taskmill.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The references: ../shared/bench/perftest.sh and seed_pool.py, run and parsed. */
final class Scripts {

    record PerfTest(double msgPerSecond, double p50Micros, double p99Micros) {
    }

    record Seed(double sequentialSeconds, double parallelSeconds, double speedup) {
    }

    private final Path shared;

    Scripts(Path shared) {
        this.shared = shared;
    }

    PerfTest perfTest(String uri, int count, String extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(shared.resolve("bench/perftest.sh").toString(), "--uri", uri,
                "--count", Integer.toString(count), "--queue-type", "quorum", "--size", "256"));
        if (!extra.isBlank()) {
            command.addAll(List.of("--extra", extra));
        }
        String last = lastLine(run(command));
        Map<String, String> fields = fields(last);
        String[] latency = fields.getOrDefault("latency-us(min/p50/p75/p95/p99)", "?").split("/");
        double p50 = latency.length == 5 ? Double.parseDouble(latency[1]) : Double.NaN;
        double p99 = latency.length == 5 ? Double.parseDouble(latency[4]) : Double.NaN;
        return new PerfTest(Double.parseDouble(fields.getOrDefault("msg/s", "NaN").replace("?", "NaN")), p50, p99);
    }

    Seed seed(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", shared.resolve("bench/seed_pool.py").toString()));
        command.addAll(List.of(args));
        Map<String, String> fields = fields(lastLine(run(command)));
        return new Seed(Double.parseDouble(fields.get("sequential_s")), Double.parseDouble(fields.get("parallel_s")),
                Double.parseDouble(fields.get("speedup")));
    }

    /** A Python script of the harness's peers, run to its end; the fields of its last line. */
    static Map<String, String> python(Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(args));
        return fields(lastLine(run(command)));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        Matcher matcher = Pattern.compile("(\\S+)=(\\S+)").matcher(line);
        while (matcher.find()) {
            fields.put(matcher.group(1), matcher.group(2));
        }
        return fields;
    }
}
