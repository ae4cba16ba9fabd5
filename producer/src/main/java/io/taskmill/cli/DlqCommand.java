package io.taskmill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.client.DeadLetters;
import io.taskmill.client.TaskmillClient;
import io.taskmill.transport.Headers;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code taskmill dlq}: what failed for good, why, and putting it back. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "The dead-letter queue: tasks that failed for good and messages that could not run.",
        subcommands = {DlqCommand.ListCommand.class, DlqCommand.ReplayCommand.class, DlqCommand.PurgeCommand.class})
final class DlqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: list, replay or purge");
    }

    /** Which dead letters a command is about. */
    static final class Selection {

        @Option(names = "--batch", paramLabel = "BATCH", description = "Only tasks of this batch.")
        String batch;

        @Option(names = "--id", paramLabel = "TASK", description = "Only this task (or message id).")
        String id;

        boolean given() {
            return batch != null || id != null;
        }

        String describe() {
            return (batch != null ? "--batch " + batch : "") + (batch != null && id != null ? " " : "")
                    + (id != null ? "--id " + id : "");
        }

        Predicate<DeadLetters.Entry> predicate() {
            return entry -> (batch == null || entry.batch().filter(batch::equals).isPresent())
                    && (id == null || id.equals(entry.id()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show dead letters with their reasons; removes nothing.")
    static final class ListCommand implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        BrokerOptions broker;

        @Mixin
        Selection selection;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "Look at most at N (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "One JSON object per line.")
        boolean json;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be 1 or more, was " + limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (TaskmillClient client = CliClient.connect(broker.remote(), spec.commandLine().getErr())) {
                List<DeadLetters.Entry> entries = client.deadLetters().list(limit, selection.predicate());
                ObjectMapper mapper = new ObjectMapper();
                for (DeadLetters.Entry entry : entries) {
                    if (json) {
                        ObjectNode line = mapper.createObjectNode().put("id", entry.id());
                        entry.batch().ifPresent(batch -> line.put("batch", batch));
                        entry.task().ifPresent(task -> line.put("type", task.type()));
                        entry.letter().reason().forEach((name, value) -> line.put(name.replace("x-taskmill-", ""), value));
                        out.println(line);
                    } else {
                        out.printf("%s  %s  %s: %s (attempts %s, worker %s, at %s)%n", Objects.toString(entry.id(), "-"),
                                entry.task().map(t -> t.type()).orElse("-"),
                                entry.letter().reason().getOrDefault(Headers.REASON, "?"),
                                entry.letter().reason().getOrDefault(Headers.ERROR, "?"),
                                entry.letter().reason().getOrDefault(Headers.ATTEMPTS, "?"),
                                entry.letter().reason().getOrDefault(Headers.WORKER, "?"),
                                entry.letter().reason().getOrDefault(Headers.FAILED_AT, "?"));
                    }
                }
                if (!json) {
                    spec.commandLine().getErr().println("taskmill: " + entries.size() + " dead letters");
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Put dead tasks back on the work queue from their first attempt (all, --batch or --id).")
    static final class ReplayCommand implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        BrokerOptions broker;

        @Mixin
        Selection selection;

        @Override
        public Integer call() {
            try (TaskmillClient client = CliClient.connect(broker.remote(), spec.commandLine().getErr())) {
                int replayed = client.deadLetters().replay(selection.predicate());
                if (replayed == 0 && selection.given()) {
                    spec.commandLine().getErr().println("taskmill: no dead letter matches " + selection.describe()
                            + ": nothing replayed (see taskmill dlq list)");
                    return ExitCodes.NOT_FOUND;
                }
                spec.commandLine().getOut().println("replayed " + Counted.tasks(replayed));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true, description = "Drop every dead letter.")
    static final class PurgeCommand implements java.util.concurrent.Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        BrokerOptions broker;

        @Override
        public Integer call() {
            try (TaskmillClient client = CliClient.connect(broker.remote(), spec.commandLine().getErr())) {
                spec.commandLine().getOut().println("purged " + client.deadLetters().purge() + " dead letters");
                return ExitCodes.OK;
            }
        }
    }
}
