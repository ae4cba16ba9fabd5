package io.taskmill.cli;

import io.taskmill.client.TaskmillClient;
import io.taskmill.fleet.WorkerHeartbeat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;

/** {@code taskmill deployment}: everything a prefix left on the broker. */
@Command(name = "deployment", mixinStandardHelpOptions = true,
        description = "A deployment (a --prefix) on the broker.", subcommands = DeploymentCommand.DeleteCommand.class)
final class DeploymentCommand extends CommandGroup {

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete everything the deployment --prefix declared: its work queues (--queue, those live "
                    + "workers consume, and on NATS and Redis every one), dead letters, logs (events, schedules, presence) and "
                    + "delays: lists what it removes, asks on a terminal. Exit 66: nothing of it on the broker.")
    static final class DeleteCommand extends DeletingCommand {

        @Override
        int delete(TaskmillClient client) {
            // RabbitMQ cannot list its queues over AMQP: those of the deployment are the one named and the ones
            // its live workers take from.
            List<WorkerHeartbeat> workers = client.workers();
            Set<String> queues = new TreeSet<>(Set.of(broker.queue));
            workers.stream().map(WorkerHeartbeat::queue).forEach(queues::add);
            return new Removal(client, "deployment " + broker.prefix, queues, true, workers).run(yes, json, out(),
                    err());
        }
    }
}
