package io.taskmill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.client.TaskmillClient;
import java.util.List;
import io.taskmill.task.BatchId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskmill cancel}: stop a batch, durably. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a batch: its joins end (tasks not final count as cancelled), workers skip its tasks "
                + "that have not started and interrupt those that run. A workflow's id cancels the workflow: the "
                + "steps fired so far too, and those after never run. Exit 66: no producer opened that batch.")
final class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Parameters(paramLabel = "BATCH", description = "The batch id that submit printed.")
    String batch;

    @Option(names = "--json", description = JsonOutput.OBJECT)
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        BatchId.requireValid(batch);
        try (TaskmillClient client = CliClient.connect(broker.remote(), spec.commandLine().getErr())) {
            List<String> cancelled = client.cancel(batch);
            List<String> steps = cancelled.subList(1, cancelled.size());
            if (json) {
                ObjectNode done = JsonOutput.object().put("cancelled", batch);
                steps.forEach(done.putArray("steps")::add);
                JsonOutput.print(spec.commandLine().getOut(), done);
            } else {
                spec.commandLine().getOut().println("cancelled " + batch);
                steps.forEach(step -> spec.commandLine().getOut().println("cancelled " + step
                        + " (a step of workflow " + batch + ")"));
            }
            return ExitCodes.OK;
        }
    }
}
