package io.taskmill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.BatchPublisher;
import io.taskmill.client.ClientOptions;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.task.BatchId;
import io.taskmill.task.TaskId;
import io.taskmill.transport.BrokerAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** The lecture's SHA-512 of a tree: one Java thread, the embedded default, and RabbitMQ with two consumers. */
final class DigestBench {

    record Result(Path dir, int files, long bytes, double sequentialSeconds, double embeddedSeconds,
                  double rabbitSeconds) {
    }

    /** {@code bin/taskmill digest DIR --output FILE}, as the README runs it, beside {@code xargs -P2 sha512sum}. */
    record WholeProcess(double taskmillSeconds, double xargsSeconds, double emptyDirectorySeconds) {
    }

    private static final int REPEATS = 3;

    private static final int CHUNK = 64;

    private final BenchContext context;
    private final TaskHandler sha512 = HandlerRegistry.load().find("sha512").orElseThrow();

    DigestBench(BenchContext context) {
        this.context = context;
    }

    Result measure(Path dir) throws Exception {
        List<Path> files = regularFiles(dir);
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        sequential(files);
        double sequential = sequential(files);
        List<JsonNode> payloads = files.stream()
                .map(f -> (JsonNode) JsonNodeFactory.instance.objectNode().put("path", f.toString())).toList();

        embedded(payloads);
        long start = System.nanoTime();
        embedded(payloads);
        double embeddedSeconds = BenchContext.seconds(start);


        String prefix = context.newPrefix();
        double rabbit;
        try (Consumers consumers = context.consumers(prefix); TaskmillClient client = context.client(prefix)) {
            consumers.start(1, 16);
            consumers.start(1, 16);
            // A first pass warms the consumers' JIT, as the sequential loop was warmed.
            check(BenchContext.join(client, publishChunks(client, payloads)), files.size());
            start = System.nanoTime();
            check(BenchContext.join(client, publishChunks(client, payloads)), files.size());
            rabbit = BenchContext.seconds(start);
        } finally {
            context.deleteQueues(prefix);
        }
        return new Result(dir, files.size(), bytes, sequential, embeddedSeconds, rabbit);
    }

    /**
     * Whole processes with a warm page cache (a first run of each fills it), the median of a
     * few runs each: Taskmill's CLI through its launcher on the embedded default, and the
     * shell's answer to the same question on two cores.
     */
    WholeProcess wholeProcess(Path dir, Path cliJar) throws Exception {
        Path output = Files.createTempFile("taskmill-bench-digest", ".sha512");
        try {
            ProcessBuilder taskmill = Launchers.cli(cliJar, List.of("digest", dir.toString(), "--output",
                    output.toString()));
            ProcessBuilder xargs = new ProcessBuilder("sh", "-c",
                    "find \"$1\" -type f -print0 | xargs -0 -P2 -n 200 sha512sum > /dev/null", "sh", dir.toString());
            Path empty = Files.createTempDirectory("taskmill-bench-empty");
            try {
                ProcessBuilder startUp = Launchers.cli(cliJar, List.of("digest", empty.toString(), "--output",
                        output.toString()));
                return new WholeProcess(medianSeconds(taskmill), medianSeconds(xargs), medianSeconds(startUp));
            } finally {
                Files.delete(empty);
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static double medianSeconds(ProcessBuilder command) throws IOException, InterruptedException {
        command.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        double[] seconds = new double[REPEATS];
        for (int i = -1; i < REPEATS; i++) {
            long start = System.nanoTime();
            int exit = command.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command.command()) + " exited " + exit);
            }
            if (i >= 0) {
                seconds[i] = BenchContext.seconds(start);
            }
        }
        return BenchContext.median(seconds);
    }

    /** The embedded default, in this JVM; run twice and timed the second time, as the sequential loop is. */
    private static void embedded(List<JsonNode> payloads) throws InterruptedException {
        ClientOptions embedded = ClientOptions.embedded();
        try (TaskmillClient client = TaskmillClient.connect(new ClientOptions(
                BrokerAddress.parse("mem://bench-" + System.nanoTime()), embedded.topology(), embedded.queue(),
                embedded.embeddedWorkers(), embedded.timeLimit()))) {
            check(BenchContext.join(client, publishChunks(client, payloads)), payloads.size());
        }
    }

    /**
     * 64 files per message, each still a task of its own: how {@code taskmill digest} packed
     * them when this part was written, kept so that its figures compare across runs; the CLI
     * now packs 1,000 (its figures on /usr/share are in {@link DispatchBench}).
     */
    private static String publishChunks(TaskmillClient client, List<JsonNode> payloads) throws InterruptedException {
        BatchPublisher batch = client.openBatch();
        for (int from = 0; from < payloads.size(); from += CHUNK) {
            batch.submitChunk("sha512", payloads.subList(from, Math.min(payloads.size(), from + CHUNK)));
        }
        batch.seal();
        return batch.id();
    }

    private double sequential(List<Path> files) throws Exception {
        long start = System.nanoTime();
        TaskId id = new TaskId(BatchId.create(Instant.now()), 0);
        for (Path file : files) {
            sha512.handle(new TaskContext(id, JsonNodeFactory.instance.objectNode().put("path", file.toString()), 1, "seq"));
        }
        return BenchContext.seconds(start);
    }

    static List<Path> regularFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(Files::isReadable).sorted().toList();
        }
    }

    private static void check(JoinSummary summary, int files) {
        if (summary.succeeded() != files) {
            throw new IllegalStateException("digest batch incomplete: " + summary);
        }
    }

}
