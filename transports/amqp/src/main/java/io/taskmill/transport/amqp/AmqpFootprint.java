package io.taskmill.transport.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.taskmill.transport.BrokerObject;
import io.taskmill.transport.Lane;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Topology;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * What a deployment declares on RabbitMQ, by name. AMQP cannot list a broker's queues, so
 * the names are made as the transport makes them and each is asked about passively.
 */
final class AmqpFootprint {

    private AmqpFootprint() {
    }

    /** Every name the deployment may have declared for these work queues and, with {@code whole}, for itself. */
    static List<BrokerObject> candidates(Topology topology, AmqpOptions options, Collection<String> queues,
                                         boolean whole) {
        List<BrokerObject> names = new ArrayList<>();
        for (String queue : queues) {
            for (int partition = 0; partition < options.partitions().count(); partition++) {
                for (Lane lane : Lane.all()) {
                    names.add(new BrokerObject("queue", topology.workQueue(queue, lane, partition)));
                }
            }
            names.add(new BrokerObject("queue", topology.deadLetterQueue(queue)));
        }
        if (whole) {
            for (LogSpec log : Logs.ALL) {
                names.add(new BrokerObject("stream", topology.log(log)));
            }
            for (LogSpec log : options.eventPartitions().logs()) {
                names.add(new BrokerObject("stream", topology.log(log)));
            }
            DelayLadder ladder = new DelayLadder(topology, options);
            for (int level = 0; level < DelayLadder.LEVELS; level++) {
                names.add(new BrokerObject("queue", ladder.level(level)));
                names.add(new BrokerObject("exchange", ladder.level(level)));
            }
            names.add(new BrokerObject("exchange", ladder.due()));
        }
        return names.stream().distinct().toList();
    }

    /** Those of {@code candidates} that exist: each asked on a channel of its own, as a miss closes it. */
    static List<BrokerObject> existing(Connection connection, List<BrokerObject> candidates) {
        List<BrokerObject> found = new ArrayList<>();
        for (BrokerObject object : candidates) {
            try (Channel channel = connection.createChannel()) {
                if (object.kind().equals("exchange")) {
                    channel.exchangeDeclarePassive(object.name());
                } else {
                    channel.queueDeclarePassive(object.name());
                }
                found.add(object);
            } catch (IOException e) {
                // Not there (404): the channel is closed by the broker, and the next one is asked afresh.
            } catch (TimeoutException e) {
                throw new TransportException("timed out asking the broker about " + object, e);
            }
        }
        return found;
    }

    static void delete(Connection connection, List<BrokerObject> objects) {
        try (Channel channel = connection.createChannel()) {
            for (BrokerObject object : objects) {
                if (object.kind().equals("exchange")) {
                    channel.exchangeDelete(object.name());
                } else {
                    channel.queueDelete(object.name());
                }
            }
        } catch (IOException | TimeoutException e) {
            throw new TransportException("cannot delete from the broker: " + e.getMessage(), e);
        }
    }
}
