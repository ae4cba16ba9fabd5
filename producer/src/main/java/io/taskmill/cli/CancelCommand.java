package io.taskmill.cli;

import io.taskmill.client.TaskmillClient;
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
                + "that have not started and interrupt those that run. Exit 66: no producer opened that batch.")
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
            client.cancel(batch);
            if (json) {
                JsonOutput.print(spec.commandLine().getOut(), JsonOutput.object().put("cancelled", batch));
            } else {
                spec.commandLine().getOut().println("cancelled " + batch);
            }
            return ExitCodes.OK;
        }
    }
}
