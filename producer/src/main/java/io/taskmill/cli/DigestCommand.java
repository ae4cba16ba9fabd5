package io.taskmill.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.BatchPublisher;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskStatus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskmill digest}: the lecture's SHA-512 of every file under a directory, one task per file. */
@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "SHA-512 of every regular file under DIR, one task per file, in sha512sum format. "
                + "Without --broker (or TASKMILL_BROKER) it runs embedded, one worker per core.")
final class DigestCommand implements Callable<Integer> {

    @Mixin
    BrokerOptions broker;

    @Mixin
    JoinOptions joinOptions;

    @Parameters(paramLabel = "DIR", description = "The directory to digest.")
    Path directory;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the digests here instead of stdout.")
    Path output;

    @Override
    public Integer call() throws InterruptedException {
        List<String> problems = new ArrayList<>();
        List<Path> files = FileTree.regularFiles(directory, problems::add);
        if (output != null && !Files.isDirectory(output.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException("no such directory for --output: " + output.toAbsolutePath().getParent());
        }
        try (TaskmillClient client = TaskmillClient.connect(broker.remoteOrEmbedded())) {
            BatchPublisher batch = client.openBatch();
            for (Path file : files) {
                batch.submit("sha512", JsonNodeFactory.instance.objectNode()
                        .put("path", file.toAbsolutePath().toString()));
            }
            batch.seal();
            String[] digests = new String[files.size()];
            String[] errors = new String[files.size()];
            BatchReporter reporter = new BatchReporter(joinOptions, System.err);
            JoinSummary summary = reporter.join(client, batch.id(), event -> record(event, digests, errors));
            List<Sha512SumFile.Line> lines = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                if (digests[i] != null) {
                    lines.add(new Sha512SumFile.Line(digests[i], files.get(i).toString()));
                } else if (errors[i] != null) {
                    problems.add("cannot digest " + files.get(i) + ": " + errors[i]);
                }
            }
            writeDigests(lines);
            problems.forEach(problem -> System.err.println("taskmill: " + problem));
            reporter.print(summary, output == null ? System.err : System.out);
            return summary.exitCode();
        }
    }

    private static void record(CompletionEvent event, String[] digests, String[] errors) {
        int seq = (int) event.taskId().seq();
        if (seq >= digests.length) {
            return;
        }
        if (event.status() == TaskStatus.SUCCEEDED && event.result() != null) {
            digests[seq] = event.result().path("sha512").asText();
        } else {
            errors[seq] = event.error();
        }
    }

    private void writeDigests(List<Sha512SumFile.Line> lines) {
        if (output != null) {
            Sha512SumFile.write(output, lines);
            return;
        }
        PrintStream out = System.out;
        lines.forEach(line -> out.print(Sha512SumFile.format(line)));
        out.flush();
    }
}
