package io.taskmill.cli;

import io.taskmill.client.TaskmillClient;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code taskmill queue}: what one work queue left on the broker. */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "A work queue on the broker.", subcommands = QueueCommand.DeleteCommand.class)
final class QueueCommand extends CommandGroup {

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete the work queue --queue names (its lanes, partitions and dead letters), with its "
                    + "tasks: lists what it removes, asks on a terminal. Exit 66: nothing of it on the broker.")
    static final class DeleteCommand extends DeletingCommand {

        @Override
        int delete(TaskmillClient client) {
            return new Removal(client, "queue " + broker.queue, List.of(broker.queue), false, client.workers())
                    .run(yes, json, out(), err());
        }
    }
}
