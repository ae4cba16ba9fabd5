package io.taskmill.transport.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import java.util.List;

/** Removes what a deployment declared on RabbitMQ: for test suites and benchmarks that make one per run. */
public final class AmqpDeployments {

    private AmqpDeployments() {
    }

    /**
     * Deletes the named work queues with their partitions and dead-letter queues, the
     * deployment's logs and its delay ladder; the partitions the URI names.
     */
    public static void delete(BrokerAddress address, Topology topology, List<String> queues) {
        AmqpOptions options = AmqpOptions.of(address);
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(address.uri());
            try (Connection connection = factory.newConnection("taskmill-cleanup")) {
                AmqpFootprint.delete(connection, AmqpFootprint.candidates(topology, options, queues, true));
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not delete the queues of " + topology.prefix() + " on "
                    + address + ": " + e.getMessage(), e);
        }
    }
}
