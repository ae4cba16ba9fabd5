package io.taskmill.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import java.util.List;

/**
 * The RabbitMQ that broker tests use: {@code TASKMILL_TEST_BROKER} or the
 * {@code taskmill.test.broker} property, the machine's broker by default. Tests name their
 * queues under a prefix of their own and delete them afterwards, so that the shared
 * broker is left as it was found.
 */
public final class TestBroker {

    /** Retry delay queues are per power-of-two bucket of milliseconds; 2^25 ms is over nine hours. */
    private static final int DELAY_BUCKETS = 25;

    private TestBroker() {
    }

    public static String uri() {
        String fromEnv = System.getenv("TASKMILL_TEST_BROKER");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return System.getProperty("taskmill.test.broker", "amqp://guest:guest@localhost:5672");
    }

    public static BrokerAddress address() {
        return BrokerAddress.parse(uri());
    }

    /** A prefix no other test run uses: {@code taskmill.test-<random>}. */
    public static Topology uniqueTopology() {
        return TestTopology.unique();
    }

    /** Deletes the named work queues, their dead-letter queues and the event log of a topology. */
    public static void deleteQueues(String uri, Topology topology, List<String> queues) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
            try (Connection connection = factory.newConnection("taskmill-test-cleanup");
                 Channel channel = connection.createChannel()) {
                for (String queue : queues) {
                    channel.queueDelete(topology.workQueue(queue));
                    channel.queueDelete(topology.deadLetterQueue(queue));
                    for (int bucket = 0; bucket <= DELAY_BUCKETS; bucket++) {
                        channel.queueDelete(topology.workQueue(queue) + ".retry." + (1L << bucket));
                    }
                }
                channel.queueDelete(topology.eventLog());
                channel.queueDelete(topology.controlLog());
                channel.queueDelete(topology.presenceLog());
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not clean up test queues under " + topology.prefix(), e);
        }
    }
}
