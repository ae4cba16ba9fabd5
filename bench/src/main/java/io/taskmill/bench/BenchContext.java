package io.taskmill.bench;

import io.taskmill.client.BatchPublisher;
import io.taskmill.client.ClientOptions;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.transport.amqp.AmqpDeployments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What every benchmark needs: the broker, the consumer jar, a fresh prefix per run (so no
 * run sees another's queues), and submit-then-join timed from the producer's side.
 */
record BenchContext(String broker, Path consumerJar, Path logs, boolean quick) {

    /** Retry delay queues are per power-of-two bucket of milliseconds; 2^25 ms is over nine hours. */

    String newPrefix() {
        return "taskmill.bench-" + UUID.randomUUID().toString().substring(0, 8);
    }

    Consumers consumers(String prefix) {
        return new Consumers(consumerJar, broker, prefix, logs);
    }

    TaskmillClient client(String prefix) {
        return TaskmillClient.connect(ClientOptions.remote(BrokerAddress.parse(broker),
                new Topology(prefix), Topology.DEFAULT_QUEUE));
    }

    /** Publishes one task per payload and seals; returns the batch id. */
    static String publish(TaskmillClient client, String type, List<JsonNode> payloads) throws InterruptedException {
        BatchPublisher batch = client.openBatch();
        payloads.forEach(payload -> batch.submit(type, payload));
        batch.seal();
        return batch.id();
    }

    /** Longer than any benchmark batch takes: a stuck run fails instead of hanging. */
    private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(20);

    static JoinSummary join(TaskmillClient client, String batch) throws InterruptedException {
        return join(client, batch, result -> { });
    }

    static JoinSummary join(TaskmillClient client, String batch, Consumer<io.taskmill.task.CompletionEvent> results)
            throws InterruptedException {
        return client.join(batch, JOIN_TIMEOUT, progress -> { }, results);
    }

    /** The same harness on another broker. */
    BenchContext on(String otherBroker) {
        return new BenchContext(otherBroker, consumerJar, logs, quick);
    }

    /** Removes a run's queues, or streams, from the broker. */
    void deleteQueues(String prefix) {
        if (broker.startsWith("nats:")) {
            deleteStreams(prefix);
        } else if (broker.startsWith("redis:")) {
            deleteDeployment(prefix);
        } else {
            deleteRabbitQueues(prefix);
        }
    }

    /** What {@code taskmill deployment delete} removes, through the transport itself. */
    private void deleteDeployment(String prefix) {
        try (io.taskmill.transport.Transport transport = io.taskmill.transport.Transports.open(
                BrokerAddress.parse(broker), new Topology(prefix))) {
            transport.delete(transport.footprint(List.of(Topology.DEFAULT_QUEUE), true));
        }
    }

    /** Stream names are the prefix with dots made underscores (the NATS transport's naming). */
    private void deleteStreams(String prefix) {
        String streams = prefix.replace('.', '_') + "_";
        // Taskmill's own options are not the NATS client's.
        try (io.nats.client.Connection connection = io.nats.client.Nats.connect(broker.replaceFirst("\\?.*$", ""))) {
            io.nats.client.JetStreamManagement management = connection.jetStreamManagement();
            for (String stream : management.getStreamNames()) {
                if (stream.startsWith(streams)) {
                    management.deleteStream(stream);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot clean up bench streams under " + prefix, e);
        }
    }

    private void deleteRabbitQueues(String prefix) {
        AmqpDeployments.delete(BrokerAddress.parse(broker), new Topology(prefix), List.of(Topology.DEFAULT_QUEUE));
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The middle of a few measurements: one run disturbed by the shared machine does not move it. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
