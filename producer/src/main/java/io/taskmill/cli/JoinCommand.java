package io.taskmill.cli;

import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.task.BatchId;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskmill join}: the coordinator, from any process, any number of times. */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = "Wait until every task of a batch is final and print the summary. "
                + "Exit 0: all succeeded; 1: some failed; 2: timed out; 3: cancelled; 66: no such batch, or never "
                + "sealed; 69: broker or event log lost.")
final class JoinCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Mixin
    JoinOptions joinOptions;

    @Mixin
    ResultsOption results;

    @Parameters(paramLabel = "BATCH", description = "The batch id that submit printed.")
    String batch;

    @Override
    public Integer call() throws InterruptedException {
        BatchId.requireValid(batch);
        try (TaskmillClient client = CliClient.connect(broker.remote(), err())) {
            BatchReporter reporter = new BatchReporter(joinOptions, err());
            JoinSummary summary = results.join(reporter, client, batch, out());
            reporter.print(summary, out());
            return summary.exitCode();
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
