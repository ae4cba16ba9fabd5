package io.taskmill.transport.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.taskmill.testing.TestBroker;
import io.taskmill.transport.Lane;
import io.taskmill.transport.PartitionContract;
import java.util.List;

/** Partitioned work queues on the machine's RabbitMQ: a quorum queue a partition. */
class AmqpPartitionsIT extends PartitionContract {

    @Override
    protected String uri(String options) {
        return TestBroker.uri() + "?" + options;
    }

    @Override
    protected long brokerDepth(int partition) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestBroker.uri());
        try (Connection connection = factory.newConnection("partitions-it"); Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(topology.workQueue(QUEUE, Lane.DEFAULT, partition)).getMessageCount();
        }
    }

    @Override
    protected void cleanUp(String uri) {
        TestBroker.deleteQueues(uri, topology, List.of(QUEUE));
    }
}
