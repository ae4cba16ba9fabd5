package io.taskmill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.client.QueueStatus;
import io.taskmill.client.TaskmillClient;
import io.taskmill.transport.QueueInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code taskmill status}: what the work queue holds, in every state a task can wait in. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the work queue: tasks ready, held by workers, waiting to retry, and dead-lettered;"
                + " its consumers and live workers.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--json", description = "Print one JSON array.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (TaskmillClient client = CliClient.connect(broker.remote(), err())) {
            List<QueueStatus> queues = client.status(List.of(broker.queue));
            if (json) {
                out().println(new ObjectMapper().writeValueAsString(queues));
                return ExitCodes.OK;
            }
            out().println("broker " + client.broker());
            out().printf("%-20s %10s %10s %10s %10s %10s %8s%n", "QUEUE", "READY", "IN FLIGHT", "RETRYING",
                    "DEAD", "CONSUMERS", "WORKERS");
            for (QueueStatus queue : queues) {
                if (!queue.exists()) {
                    out().printf("%-20s (not declared)%n", queue.queue());
                    continue;
                }
                out().printf("%-20s %10d %10d %10s %10d %10d %8d%n", queue.queue(), queue.ready(), queue.inFlight(),
                        queue.retrying() == QueueInfo.UNKNOWN ? "-" : Long.toString(queue.retrying()),
                        queue.deadLettered(), queue.consumers(), queue.workers());
            }
            return ExitCodes.OK;
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
