package io.taskmill.cli;

import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.task.BatchId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code taskmill join}: the coordinator, from any process, any number of times. */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = "Wait until every task of a batch is final and print the summary. "
                + "Exit 0: all succeeded; 1: some failed; 2: timed out.")
final class JoinCommand implements Callable<Integer> {

    @Mixin
    BrokerOptions broker;

    @Mixin
    JoinOptions joinOptions;

    @Parameters(paramLabel = "BATCH", description = "The batch id that submit printed.")
    String batch;

    @Override
    public Integer call() throws InterruptedException {
        BatchId.requireValid(batch);
        try (TaskmillClient client = TaskmillClient.connect(broker.remote())) {
            BatchReporter reporter = new BatchReporter(joinOptions, System.err);
            JoinSummary summary = reporter.join(client, batch, result -> { });
            reporter.print(summary, System.out);
            return summary.exitCode();
        }
    }
}
