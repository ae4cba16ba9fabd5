package io.taskmill.cli;

import io.taskmill.client.TaskmillClient;
import io.taskmill.fleet.WorkerHeartbeat;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code taskmill deployment}: everything a prefix left on the broker. */
@Command(name = "deployment", mixinStandardHelpOptions = true,
        description = "A deployment (a --prefix) on the broker.", subcommands = DeploymentCommand.DeleteCommand.class)
final class DeploymentCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: delete");
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete everything the deployment --prefix declared: its work queues (--queue, those live "
                    + "workers consume, and on NATS every one), dead letters, logs (events, schedules, presence) and "
                    + "delays: lists what it removes, asks on a terminal. Exit 66: nothing of it on the broker.")
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
                // RabbitMQ cannot list its queues over AMQP: those of the deployment are the one named and the
                // ones its live workers take from.
                Set<String> queues = new TreeSet<>(Set.of(broker.queue));
                client.workers().stream().map(WorkerHeartbeat::queue).forEach(queues::add);
                return new Removal(client, "deployment " + broker.prefix, queues, true)
                        .run(yes, json, spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }
    }
}
