package io.taskmill.cli;

import io.taskmill.client.TaskmillClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code taskmill queue}: what one work queue left on the broker. */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "A work queue on the broker.", subcommands = QueueCommand.DeleteCommand.class)
final class QueueCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: delete");
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete the work queue --queue names (its lanes, partitions and dead letters), with its "
                    + "tasks: lists what it removes, asks on a terminal. Exit 66: nothing of it on the broker.")
    static final class DeleteCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        BrokerOptions broker;

        @Option(names = {"-y", "--yes"}, description = "Do not ask, even on a terminal.")
        boolean yes;

        @Option(names = "--json", description = JsonOutput.OBJECT)
        boolean json;

        @Override
        public Integer call() {
            try (TaskmillClient client = CliClient.connect(broker.remote(), spec.commandLine().getErr())) {
                return new Removal(client, "queue " + broker.queue, List.of(broker.queue), false)
                        .run(yes, json, spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }
    }
}
