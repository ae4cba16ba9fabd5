package io.taskmill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.BatchPublisher;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskmill digest}: the lecture's SHA-512 of every file under a directory, one task per file. */
@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "SHA-512 of every regular file under DIR, one task per file, in sha512sum format. "
                + "Without --broker (or TASKMILL_BROKER) it runs embedded, one worker per core.")
final class DigestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Mixin
    JoinOptions joinOptions;

    @Parameters(paramLabel = "DIR", description = "The directory to digest.")
    Path directory;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the digests here instead of stdout.")
    Path output;

    @Option(names = "--chunk", paramLabel = "N", defaultValue = "64",
            description = "Files per message, at most (and at most 8 MiB of them): each file is still a task of its "
                    + "own, counted, retried and reported alone; 1 sends a message per file (default: ${DEFAULT-VALUE}).")
    int chunk;

    static final long CHUNK_BYTES = 8L << 20;

    @Override
    public Integer call() throws InterruptedException {
        if (chunk < 1) {
            throw new IllegalArgumentException("--chunk must be >= 1");
        }
        List<String> problems = new ArrayList<>();
        List<Path> files = FileTree.regularFiles(directory, problems::add);
        if (output != null) {
            Sha512SumFile.requireReplaceable(output.toAbsolutePath());
        }
        try (TaskmillClient client = CliClient.connect(broker.remoteOrEmbedded(), err())) {
            BatchPublisher batch = client.openBatch();
            ChunkPacker packer = new ChunkPacker(chunk, CHUNK_BYTES, payloads -> batch.submitChunk("sha512", payloads));
            for (Path file : files) {
                packer.add(JsonNodeFactory.instance.objectNode().put("path", file.toAbsolutePath().toString()),
                        sizeOf(file));
            }
            packer.flush();
            batch.seal();
            DigestResults results = new DigestResults(files);
            BatchReporter reporter = new BatchReporter(joinOptions, err());
            JoinSummary summary = reporter.join(client, batch.id(), results);
            List<Sha512SumFile.Line> lines = results.lines();
            problems.addAll(results.problems());
            writeDigests(lines);
            problems.forEach(problem -> err().println("taskmill: " + problem));
            reporter.print(summary, output == null ? err() : out());
            return summary.exitCode();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private void writeDigests(List<Sha512SumFile.Line> lines) {
        if (output != null) {
            Sha512SumFile.write(output, lines);
            return;
        }
        PrintWriter out = out();
        lines.forEach(line -> out.print(Sha512SumFile.format(line)));
        out.flush();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
