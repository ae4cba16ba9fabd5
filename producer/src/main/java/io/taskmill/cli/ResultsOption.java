package io.taskmill.cli;

import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a command that joins a batch writes each task's outcome, if asked. */
final class ResultsOption {

    @Option(names = "--results", paramLabel = "FILE",
            description = "Also write each task's outcome to FILE as JSON lines, one per task: id, status, result or "
                    + "error (successes as they come, failures when the join ends, as a failed task may still be "
                    + "replayed and succeed); '-' writes them to standard output, before the summary.")
    Path results;

    boolean given() {
        return results != null;
    }

    JoinSummary join(BatchReporter reporter, TaskmillClient client, String batch, PrintWriter out)
            throws InterruptedException {
        if (results == null) {
            return reporter.join(client, batch, result -> { });
        }
        try (ResultsFile file = ResultsFile.create(results, out)) {
            return reporter.join(client, batch, file);
        }
    }
}
