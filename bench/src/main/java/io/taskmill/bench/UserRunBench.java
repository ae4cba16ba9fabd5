package io.taskmill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Taskmill the way the README runs it: consumer processes started with no flags but the
 * broker, {@code taskmill submit --payloads} of a file of {@code {}} lines, then
 * {@code taskmill join}; timed from the submit's start to the join's end, as a user's
 * shell would time it, with the broker's CPU time over the same span.
 */
record UserRunBench(BenchContext context, Path cliJar, BrokerCpu broker) {

    record Result(long tasks, double seconds, double brokerCpuSeconds, long consumerRssBytes) {

        double tasksPerSecond() {
            return tasks / seconds;
        }

        double brokerMicrosPerTask() {
            return brokerCpuSeconds * 1e6 / tasks;
        }
    }

    Result noops(int consumerCount, int tasks) throws Exception {
        String prefix = context.newPrefix();
        Path payloads = context.logs().resolve(prefix + "-payloads.jsonl");
        Files.createDirectories(context.logs());
        Files.write(payloads, java.util.Collections.nCopies(tasks, "{}"));
        try (Consumers consumers = context.consumers(prefix)) {
            Process last = null;
            for (int i = 0; i < consumerCount; i++) {
                last = consumers.startAsUsersDo();
            }
            double cpuBefore = broker.seconds();
            long start = System.nanoTime();
            String batch = cli(prefix, "submit", "--type", "noop", "--payloads", payloads.toString(), "--quiet").strip();
            JsonNode summary = new ObjectMapper().readTree(cli(prefix, "join", batch, "--json", "--quiet"));
            double seconds = BenchContext.seconds(start);
            double cpu = broker.seconds() - cpuBefore;
            if (summary.path("succeeded").asLong() != tasks) {
                throw new IllegalStateException("the README's run did not complete: " + summary);
            }
            return new Result(tasks, seconds, cpu, Consumers.rss(last));
        } finally {
            Files.deleteIfExists(payloads);
            context.deleteQueues(prefix);
        }
    }

    private String cli(String prefix, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Consumers.javaBin(), "-jar", cliJar.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--broker", context.broker(), "--prefix", prefix));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited " + process.exitValue() + ": " + out);
        }
        return out;
    }
}
