package io.taskmill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.client.QueueStatus;
import io.taskmill.client.TaskmillClient;
import io.taskmill.task.TaskProgress;
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

    @Option(names = "--json", description = JsonOutput.OBJECT)
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (TaskmillClient client = CliClient.connect(broker.remote(), err())) {
            List<QueueStatus> queues = client.status(List.of(broker.queue));
            if (json) {
                JsonOutput.print(out(), asJson(client.broker(), queues.get(0)));
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
                if (queue.unattended()) {
                    err().println("taskmill: " + queue.unattendedHint("its tasks wait"));
                }
                for (TaskProgress told : queue.running()) {
                    // As the running task's handler tells it (TaskContext.progress), by its worker's last heartbeat.
                    out().printf("  task %s on %s: %s%n", told.id(), told.worker(), told.describe());
                }
            }
            return ExitCodes.OK;
        }
    }

    static ObjectNode asJson(String broker, QueueStatus queue) {
        ObjectNode node = JsonOutput.object().put("broker", broker);
        node.setAll(JsonOutput.of(queue));
        if (queue.retrying() == QueueInfo.UNKNOWN) {
            node.putNull("retrying");
        }
        node.set("running", JsonOutput.progress(queue.running()));
        return node.put("unattended", queue.unattended());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
