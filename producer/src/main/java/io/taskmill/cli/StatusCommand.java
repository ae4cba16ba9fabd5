package io.taskmill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.client.TaskmillClient;
import io.taskmill.transport.QueueInfo;
import java.util.List;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code taskmill status}: depths and consumers of the work queue and its dead-letter queue. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the work queue and its dead-letter queue: messages ready and consumers.")
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
            List<QueueInfo> queues = client.status(List.of(broker.queue));
            if (json) {
                out().println(new ObjectMapper().writeValueAsString(queues));
                return ExitCodes.OK;
            }
            out().println("broker " + client.broker());
            out().printf("%-40s %12s %10s%n", "QUEUE", "MESSAGES", "CONSUMERS");
            for (QueueInfo queue : queues) {
                out().printf("%-40s %12s %10s%n", queue.name(),
                        queue.exists() ? Long.toString(queue.messages()) : "-",
                        queue.exists() ? Integer.toString(queue.consumers()) : "(not declared)");
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
