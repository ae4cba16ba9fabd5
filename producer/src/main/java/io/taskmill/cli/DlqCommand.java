package io.taskmill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.client.DeadLetters;
import io.taskmill.client.TaskmillClient;
import io.taskmill.task.TaskEnvelope;
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
final class DlqCommand extends CommandGroup {

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

        @Option(names = "--json", description = JsonOutput.LINES)
        boolean json;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be 1 or more, was " + limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (TaskmillClient client = CliClient.connect(broker.remote(), spec.commandLine().getErr())) {
                List<DeadLetters.Entry> entries = client.deadLetters().list(limit, selection.predicate());
                for (DeadLetters.Entry entry : entries) {
                    if (json) {
                        JsonOutput.print(out, asJson(entry));
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
                    spec.commandLine().getErr().println("taskmill: " + Counted.of(entries.size(), "dead letter"));
                }
                return ExitCodes.OK;
            }
        }

        /** A dead letter: its task, and its reason's headers by camelCase name ({@code x-taskmill-error-class}: errorClass). */
        static ObjectNode asJson(DeadLetters.Entry entry) {
            ObjectNode line = JsonOutput.object().put("id", entry.id());
            line.put("batch", entry.batch().orElse(null));
            line.put("type", entry.task().map(TaskEnvelope::type).orElse(null));
            entry.letter().reason().forEach((name, value) -> {
                String key = camelCase(name.replace("x-taskmill-", ""));
                if (name.equals(Headers.ATTEMPTS) && value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
                    line.put(key, Integer.parseInt(value));
                } else {
                    line.put(key, value);
                }
            });
            return line;
        }

        private static String camelCase(String dashed) {
            StringBuilder key = new StringBuilder();
            boolean upper = false;
            for (char c : dashed.toCharArray()) {
                if (c == '-') {
                    upper = true;
                } else {
                    key.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return key.toString();
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

        @Option(names = "--json", description = JsonOutput.OBJECT)
        boolean json;

        @Override
        public Integer call() {
            try (TaskmillClient client = CliClient.connect(broker.remote(), spec.commandLine().getErr())) {
                int replayed = client.deadLetters().replay(selection.predicate());
                if (replayed == 0 && selection.given()) {
                    spec.commandLine().getErr().println("taskmill: no dead letter matches " + selection.describe()
                            + ": nothing replayed (see taskmill dlq list)");
                    return ExitCodes.NOT_FOUND;
                }
                if (json) {
                    JsonOutput.print(spec.commandLine().getOut(), JsonOutput.object().put("replayed", replayed));
                } else {
                    spec.commandLine().getOut().println("replayed " + Counted.tasks(replayed));
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Drop every dead letter of the queue; on a terminal, asks first.")
    static final class PurgeCommand extends DeletingCommand {

        @Override
        int delete(TaskmillClient client) {
            long dead = client.status(List.of(broker.queue)).get(0).deadLettered();
            if (!Confirmation.granted("drop " + Counted.of(dead, "dead letter") + " of queue " + broker.queue + " on "
                    + client.broker() + "? they cannot be replayed after", yes)) {
                err().println("taskmill: nothing purged");
                return ExitCodes.OK;
            }
            long purged = client.deadLetters().purge();
            if (json) {
                JsonOutput.print(out(), JsonOutput.object().put("purged", purged));
            } else {
                out().println("purged " + Counted.of(purged, "dead letter"));
            }
            return ExitCodes.OK;
        }
    }
}
