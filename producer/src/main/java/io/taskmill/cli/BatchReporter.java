package io.taskmill.cli;

import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.task.CompletionEvent;
import java.io.PrintWriter;
import java.util.function.Consumer;

/** Joins a batch with live progress and prints its summary: the shared end of submit, join, digest, count. */
final class BatchReporter {

    private final JoinOptions options;
    private final PrintWriter err;

    BatchReporter(JoinOptions options, PrintWriter err) {
        this.options = options;
        this.err = err;
    }

    JoinSummary join(TaskmillClient client, String batch, Consumer<CompletionEvent> results)
            throws InterruptedException {
        ProgressPrinter progress = new ProgressPrinter(err, options.quiet);
        if (options.sealTimeout.isZero()) {
            throw new IllegalArgumentException("--seal-timeout must be more than 0");
        }
        try (IdleQueueWatch idle = new IdleQueueWatch(client, err)) {
            return client.join(batch, options.timeout, options.sealTimeout, progress.andThen(idle), results);
        } finally {
            progress.finish();
        }
    }

    void print(JoinSummary summary, PrintWriter out) {
        SummaryPrinter.print(summary, options.json, out);
    }
}
