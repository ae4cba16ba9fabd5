package io.taskmill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.coordinator.TaskFailure;
import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;

/** A join's summary, for people or (with {@code --json}) for programs. */
final class SummaryPrinter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SummaryPrinter() {
    }

    static void print(JoinSummary summary, boolean json, PrintWriter out) {
        out.println(json ? toJson(summary) : toText(summary));
    }

    static String toText(JoinSummary s) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("batch %s: %s, %d succeeded, %d failed%s, %d duplicate deliveries%n",
                s.batch(), s.total() < 0 ? "unknown tasks (not sealed)" : Counted.tasks(s.total()), s.succeeded(),
                s.failed(), s.cancelled() > 0 ? ", " + s.cancelled() + " cancelled" : "", s.duplicates()));
        text.append(String.format("wall time %.2f s, %.1f tasks/s%n", s.wallSeconds(), s.tasksPerSecond()));
        text.append("tasks per worker: ").append(s.perWorker().isEmpty() ? "none" : s.perWorker().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")));
        for (TaskFailure failure : s.failures()) {
            text.append(String.format("%nfailed: %s after %d attempt%s on %s: %s", failure.id(), failure.attempts(),
                    failure.attempts() == 1 ? "" : "s", failure.worker(), failure.error()));
        }
        if (s.failed() > s.failures().size()) {
            text.append(String.format("%nand %d more failed (taskmill dlq list shows them with their errors)",
                    s.failed() - s.failures().size()));
        }
        if (s.timedOut() && s.total() < 0) {
            text.append(String.format("%nTIMED OUT: the batch is not sealed (its producer has not published all of "
                    + "it, or died before it did); %d of its tasks are final", s.done()));
        } else if (s.timedOut()) {
            text.append(String.format("%nTIMED OUT with %s not final%s", Counted.tasks(s.missing()),
                    s.missingIds().isEmpty() ? "" : ": " + String.join(" ", s.missingIds())
                            + (s.missing() > s.missingIds().size() ? " ..." : "")));
        }
        return text.toString();
    }

    static String toJson(JoinSummary s) {
        return toNode(s).toString();
    }

    static ObjectNode toNode(JoinSummary s) {
        ObjectNode node = JSON.valueToTree(s);
        node.put("tasksPerSecond", Math.round(s.tasksPerSecond() * 10) / 10.0);
        node.put("exitCode", s.exitCode());
        return node;
    }
}
