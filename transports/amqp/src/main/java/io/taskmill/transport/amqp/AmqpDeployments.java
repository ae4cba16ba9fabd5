package io.taskmill.transport.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Lane;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Logs;
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
            try (Connection connection = factory.newConnection("taskmill-cleanup");
                 Channel channel = connection.createChannel()) {
                for (String queue : queues) {
                    for (int partition = 0; partition < options.partitions().count(); partition++) {
                        for (Lane lane : Lane.all()) {
                            channel.queueDelete(topology.workQueue(queue, lane, partition));
                        }
                    }
                    channel.queueDelete(topology.deadLetterQueue(queue));
                }
                for (LogSpec log : Logs.ALL) {
                    channel.queueDelete(topology.log(log));
                }
                for (LogSpec log : options.eventPartitions().logs()) {
                    channel.queueDelete(topology.log(log));
                }
                DelayLadder ladder = new DelayLadder(topology, AmqpOptions.defaults());
                for (int level = 0; level < DelayLadder.LEVELS; level++) {
                    channel.queueDelete(ladder.level(level));
                    channel.exchangeDelete(ladder.level(level));
                }
                channel.exchangeDelete(ladder.due());
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not delete the queues of " + topology.prefix() + " on "
                    + address + ": " + e.getMessage(), e);
        }
    }
}
