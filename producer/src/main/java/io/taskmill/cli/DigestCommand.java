package io.taskmill.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.BatchPublisher;
import io.taskmill.client.ChunkSizing;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /**
     * A file's hashing time follows its size, not its type, so a message is bounded by bytes
     * ({@link #CHUNK_BYTES}, about 20 ms of SHA-512) and by {@link #CHUNK_FILES} files; an
     * average over all files (the fleet's per-type time) would pack the many small files of a
     * tree as if each were its few large ones.
     */
    @Option(names = "--chunk", paramLabel = "N", defaultValue = "" + CHUNK_FILES,
            description = "Files per message, at most (and at most 8 MiB of them): each file is still a task of its "
                    + "own, counted, retried and reported alone; 1 sends a message per file (default: ${DEFAULT-VALUE}).")
    int chunk;

    static final long CHUNK_BYTES = 8L << 20;

    /**
     * A small file costs its open and read, some 50 µs: a thousand of them are some 50 ms,
     * within {@link ChunkSizing#TARGET_MS}. At 100 files a message, {@code digest /usr/share} (48k
     * files, 689 MB) on two consumers took 3.3 s where the embedded default took 2.7 s, the
     * broker writing and fsyncing a message and a log entry every few milliseconds; at 1,000, 2.7 s.
     */
    static final int CHUNK_FILES = 1_000;

    @Override
    public Integer call() throws InterruptedException {
        if (chunk < 1) {
            throw new IllegalArgumentException("--chunk must be >= 1");
        }
        List<String> problems = new CopyOnWriteArrayList<>();
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(Files.exists(directory) ? "not a directory: " + directory
                    + " (digest hashes every file under a directory; for one file, use sha512sum)"
                    : "no such directory: " + directory);
        }
        if (output != null) {
            Sha512SumFile.requireReplaceable(output.toAbsolutePath());
        }
        try (TaskmillClient client = CliClient.connect(broker.remoteOrEmbedded(), err());
             Sha512SumFile.Sink sink = output == null ? Sha512SumFile.Sink.onto(out())
                     : Sha512SumFile.Sink.replacing(output)) {
            BatchPublisher batch = client.openBatch();
            ChunkPacker packer = new ChunkPacker(chunk, CHUNK_BYTES, payloads -> batch.submitChunk("sha512", payloads));
            // Published as the walk finds them: workers hash the first files while the walk goes on.
            FileTree.walk(directory, file -> packer.add(JsonNodeFactory.instance.objectNode()
                    .put("path", file.path().toAbsolutePath().toString()), file.size()), problems::add);
            packer.flush();
            batch.seal();
            DigestResults results = new DigestResults(sink, directory);
            BatchReporter reporter = new BatchReporter(joinOptions, err());
            JoinSummary summary = reporter.join(client, batch.id(), results);
            sink.commit();
            problems.addAll(results.problems());
            problems.forEach(problem -> err().println("taskmill: " + problem));
            reporter.print(summary, output == null ? err() : out());
            return summary.exitCode();
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
