package io.taskmill.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.client.TaskmillClient;
import io.taskmill.client.WorkflowStep;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.task.BatchId;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskmill workflow}: workflows that {@code taskmill run} (or the API) started. */
@Command(name = "workflow", mixinStandardHelpOptions = true,
        description = "A workflow: its steps as the logs hold them.", subcommands = WorkflowCommand.ShowCommand.class)
final class WorkflowCommand extends CommandGroup {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Each step of a workflow now: its batch, task type, state (waiting, running, succeeded, "
                    + "failed, cancelled, or stopped: never to run), counts and time, and why a stopped step does not "
                    + "run. Waits for nothing. Exit 66: "
                    + "no producer opened that batch.")
    static final class ShowCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        BrokerOptions broker;

        @Parameters(paramLabel = "WORKFLOW", description = "The workflow's id: its first batch, as run printed it.")
        String workflow;

        @Option(names = "--json", description = JsonOutput.OBJECT)
        boolean json;

        @Override
        public Integer call() throws InterruptedException {
            BatchId.requireValid(workflow);
            try (TaskmillClient client = CliClient.connect(broker.remote(), err())) {
                List<WorkflowStep> steps = client.workflow(workflow);
                if (json) {
                    JsonOutput.print(out(), toJson(steps));
                } else {
                    print(steps);
                }
                return ExitCodes.OK;
            }
        }

        private ObjectNode toJson(List<WorkflowStep> steps) {
            ObjectNode json = JsonOutput.object().put("workflow", workflow);
            ArrayNode all = json.putArray("steps");
            for (WorkflowStep step : steps) {
                ObjectNode one = all.addObject().put("type", step.type()).put("batch", step.batch())
                        .put("state", step.word());
                JoinSummary summary = step.summary();
                if (summary != null) {
                    one.put("total", summary.total()).put("done", summary.done())
                            .put("succeeded", summary.succeeded()).put("failed", summary.failed())
                            .put("cancelled", summary.cancelled()).put("wallSeconds", summary.wallSeconds());
                }
                one.put("stopped", step.stopped());
            }
            return json;
        }

        private void print(List<WorkflowStep> steps) {
            out().println("workflow " + workflow + ": " + steps.size() + " steps");
            for (int i = 0; i < steps.size(); i++) {
                WorkflowStep step = steps.get(i);
                JoinSummary summary = step.summary();
                String counts = summary == null ? "" : String.format("  %d/%s done, %d succeeded, %d failed, %.2f s",
                        summary.done(), summary.total() < 0 ? "?" : Long.toString(summary.total()),
                        summary.succeeded(), summary.failed(), summary.wallSeconds());
                out().printf("step %d  %-18s  %-10s  %-9s%s%n", i + 1, step.batch() == null ? "-" : step.batch(),
                        step.type() == null ? "-" : step.type(), step.word(), counts);
                if (step.stopped() != null) {
                    out().println("  it does not run: " + step.stopped());
                }
            }
            out().flush();
        }

        private PrintWriter out() {
            return spec.commandLine().getOut();
        }

        private PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }
}
