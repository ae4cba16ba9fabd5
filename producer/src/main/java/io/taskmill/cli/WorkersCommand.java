package io.taskmill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.client.TaskmillClient;
import io.taskmill.fleet.WorkerHeartbeat;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code taskmill workers}: the live fleet, from the workers' own heartbeats. */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = "List the live workers of the deployment: id, host, queue, state, threads and how many are busy,"
                + " tasks in flight, tasks done, when they started and were last heard from, and how long each task"
                + " type takes on them (a moving average).")
final class WorkersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--json", description = JsonOutput.LINES)
    boolean json;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        try (TaskmillClient client = CliClient.connect(broker.remote(), err())) {
            List<WorkerHeartbeat> workers = client.workers();
            if (json) {
                workers.forEach(worker -> JsonOutput.print(out(), asJson(worker)));
                return ExitCodes.OK;
            }
            out().println("broker " + client.broker() + ": " + workers.size() + " live worker"
                    + (workers.size() == 1 ? "" : "s"));
            out().printf("%-24s %-16s %-10s %-9s %7s %5s %9s %10s %7s %8s  %-24s  %s%n", "WORKER", "HOST", "QUEUE",
                    "STATE", "THREADS", "BUSY", "IN FLIGHT", "SUCCEEDED", "FAILED", "SEEN", "STARTED",
                    "MEAN RUN TIME");
            for (WorkerHeartbeat worker : workers) {
                out().printf("%-24s %-16s %-10s %-9s %7d %5d %9d %10d %7d %7.1fs  %-24s  %s%n", worker.worker(),
                        worker.host(), worker.queue(), worker.state(), worker.concurrency(), worker.busy(),
                        worker.inFlight(), worker.succeeded(), worker.failed(),
                        Duration.ofMillis(clock.millis() - worker.at()).toMillis() / 1000.0,
                        Instant.ofEpochMilli(worker.startedAt()), runTimes(worker.meanMs()));
            }
            return ExitCodes.OK;
        }
    }

    /** A heartbeat with its instants as instants. */
    static ObjectNode asJson(WorkerHeartbeat worker) {
        return JsonOutput.of(worker).put("startedAt", JsonOutput.instant(worker.startedAt()))
                .put("at", JsonOutput.instant(worker.at())).set("progress", JsonOutput.progress(worker.progress()));
    }

    /** {@code count=1.2ms sleep=2.0s}: each type this worker ran, by its average run time. */
    static String runTimes(Map<String, Double> meanMs) {
        if (meanMs.isEmpty()) {
            return "-";
        }
        return new TreeMap<>(meanMs).entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() < 1_000 ? String.format(Locale.ROOT, "%.1fms", e.getValue())
                        : String.format(Locale.ROOT, "%.1fs", e.getValue() / 1_000)))
                .collect(Collectors.joining(" "));
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
