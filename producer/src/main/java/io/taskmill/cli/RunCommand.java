package io.taskmill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.client.BatchPublisher;
import io.taskmill.client.ClientOptions;
import io.taskmill.client.TaskmillClient;
import io.taskmill.client.WorkflowJoin;
import io.taskmill.coordinator.JoinSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskmill run}: a workflow from a JSON file, its steps fired by the workers. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a workflow from a JSON file: a first step of one or more tasks, then steps that each run "
                + "once the one before is final (a chain, a fan-out over a result, a callback given a batch's "
                + "summary). Prints the workflow's id, its first batch; the workers fire each step, with no process "
                + "waiting. See Workflows in the README.")
final class RunCommand implements Callable<Integer> {

    /** How long a final step's callback may take to be fired before a join says nothing fires it. */
    static final Duration SETTLING = Duration.ofMinutes(3);

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Mixin
    JoinOptions joinOptions;

    @Parameters(paramLabel = "FILE", description = "The workflow: {\"steps\": [{\"type\": T, \"payload\" or "
            + "\"payloads\": …}, {\"type\": T, \"input\": \"result\"|\"each\"|\"summary\", \"onFailure\": "
            + "\"stop\"|\"continue\"}, …]}.")
    Path file;

    @Option(names = "--join", description = "Wait for every step and print each one's summary.")
    boolean join;

    @Override
    public Integer call() throws InterruptedException {
        ClientOptions options = join ? broker.remoteOrEmbedded() : broker.remote();
        // Before anything connects: a wrong file is said as such, whatever the broker.
        WorkflowFile workflow = WorkflowFile.read(file, JsonOutput.mapper(), options.queue());
        try (TaskmillClient client = CliClient.connect(options, err())) {
            BatchPublisher batch = client.openBatch();
            ChunkPacker packer = new ChunkPacker(client.perMessage(workflow.type(), workflow.payloads().size()),
                    client.codec().maxBytes() / 4, chunk -> batch.submitChunk(workflow.type(), chunk));
            for (JsonNode payload : workflow.payloads()) {
                packer.add(payload, payload.toString().length());
            }
            packer.flush();
            if (workflow.then() != null) {
                batch.then(workflow.then());
            }
            batch.seal();
            if (!join) {
                if (joinOptions.json) {
                    JsonOutput.print(out(), JsonOutput.object().put("workflow", batch.id())
                            .put("steps", workflow.then() == null ? 1 : 1 + workflow.then().steps()));
                } else {
                    out().println(batch.id());
                }
                return ExitCodes.OK;
            }
            if (!joinOptions.quiet && !joinOptions.json) {
                out().println(batch.id());
            }
            BatchReporter reporter = new BatchReporter(joinOptions, err());
            List<WorkflowJoin.Step> steps = client.joinWorkflow(batch.id(),
                    step -> reporter.join(client, step, result -> { }), SETTLING);
            return report(batch.id(), steps);
        }
    }

    /** Each step's summary; the exit code is the last step's, or 1 when the workflow stopped. */
    private int report(String workflow, List<WorkflowJoin.Step> steps) {
        WorkflowJoin.Step last = steps.get(steps.size() - 1);
        String stop = last.stopped();
        int exit = stop != null ? ExitCodes.TASKS_FAILED : last.summary().exitCode();
        if (joinOptions.json) {
            ObjectNode json = JsonOutput.object().put("workflow", workflow);
            ArrayNode all = json.putArray("steps");
            steps.forEach(step -> all.add(SummaryPrinter.toNode(step.summary())));
            json.put("stopped", stop);
            json.put("exitCode", exit);
            JsonOutput.print(out(), json);
            return exit;
        }
        for (int i = 0; i < steps.size(); i++) {
            JoinSummary summary = steps.get(i).summary();
            out().println("step " + (i + 1) + ": " + SummaryPrinter.toText(summary).replace("\n", "\n  "));
        }
        if (stop != null) {
            err().println("taskmill: workflow " + workflow + " stopped after step " + steps.size() + ": "
                    + stop);
        }
        out().flush();
        return exit;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
