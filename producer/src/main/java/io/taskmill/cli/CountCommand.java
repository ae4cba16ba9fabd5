package io.taskmill.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.BatchPublisher;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import java.io.PrintWriter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code taskmill count}: the lecture's CPU-bound countdown, {@code count(n)} once per task. */
@Command(name = "count", mixinStandardHelpOptions = true,
        description = "The lecture's CPU-bound example: K tasks, each counting down from N. "
                + "Without --broker (or TASKMILL_BROKER) it runs embedded, one worker per core.")
final class CountCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Mixin
    JoinOptions joinOptions;

    @Option(names = "--n", paramLabel = "N", defaultValue = "100000000", description = "Count down from N (default: ${DEFAULT-VALUE}).")
    long n;

    @Option(names = "--tasks", paramLabel = "K", defaultValue = "2", description = "How many tasks (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Override
    public Integer call() throws InterruptedException {
        if (n < 0 || tasks < 1) {
            throw new IllegalArgumentException("--n must be >= 0 and --tasks >= 1");
        }
        try (TaskmillClient client = CliClient.connect(broker.remoteOrEmbedded(), err())) {
            BatchPublisher batch = client.openBatch();
            ChunkPacker packer = new ChunkPacker(client.perMessage("count", tasks), client.codec().maxBytes() / 4,
                    payloads -> batch.submitChunk("count", payloads));
            JsonNode payload = JsonNodeFactory.instance.objectNode().put("n", n);
            int size = payload.toString().length();
            for (int i = 0; i < tasks; i++) {
                packer.add(payload, size);
            }
            packer.flush();
            batch.seal();
            BatchReporter reporter = new BatchReporter(joinOptions, err());
            JoinSummary summary = reporter.join(client, batch.id(), result -> { });
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
