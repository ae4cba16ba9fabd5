package io.taskmill.consumer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.BatchPublisher;
import io.taskmill.client.ClientOptions;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.launch.ClassLoading;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The build's training run for the consumer's class-data archive ({@code taskmill-consumer.jsa},
 * which {@code bin/taskmill-consumer} hands to the JVM): a consumer as the command line starts
 * it, on the in-JVM transport, runs a batch to its end; then the classes a worker on a broker
 * needs and a build cannot run, having no broker, are loaded. What the run loaded is archived
 * parsed and verified, the lambdas it made included.
 */
public final class ClassDataTraining {

    private static final String BROKER = "mem://class-data-training";
    /** The Redis client's network layer: a start on Redis took 2.7 s of CPU without them, 2.4 s with them. */
    private static final List<String> NETWORK_PACKAGES = List.of("io/netty/", "reactor/core/");
    private static final int TASKS = 200;
    private static final Duration START_PATIENCE = Duration.ofMinutes(1);

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread consumer = new Thread(() -> ConsumerMain.commandLine().execute("--broker", BROKER, "--concurrency", "2"),
                "training-consumer");
        consumer.setDaemon(true);
        consumer.start();
        JoinSummary summary;
        try (TaskmillClient client = TaskmillClient.connect(
                ClientOptions.remote(BrokerAddress.parse(BROKER), Topology.defaults(), "default"))) {
            awaitWorker(client);
            BatchPublisher batch = client.openBatch();
            for (int i = 0; i < TASKS; i++) {
                batch.submit(i % 2 == 0 ? "noop" : "count", JsonNodeFactory.instance.objectNode().put("n", 1000));
            }
            batch.seal();
            summary = client.join(batch.id(), Duration.ofMinutes(1), progress -> { }, completion -> { });
        }
        if (summary.succeeded() != TASKS) {
            System.err.println("class-data training: " + summary);
            System.exit(1);
        }
        List<String> packages = new ArrayList<>(ClassLoading.BROKER_PACKAGES);
        packages.addAll(NETWORK_PACKAGES);
        ClassLoading.loadPackages(ClassDataTraining.class, packages);
        // The consumer's shutdown hook drains it, as a SIGTERM would.
        System.exit(0);
    }

    private static void awaitWorker(TaskmillClient client) throws InterruptedException {
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        while (client.workers().isEmpty()) {
            if (System.nanoTime() > deadline) {
                System.err.println("class-data training: the consumer did not start in " + START_PATIENCE);
                System.exit(1);
            }
            Thread.sleep(20);
        }
    }
}
