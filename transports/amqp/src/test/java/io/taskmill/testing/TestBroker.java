package io.taskmill.testing;

import io.taskmill.transport.amqp.AmqpDeployments;
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

    /** Deletes the named work queues, their dead-letter queues, the logs and the delay ladder of a topology. */
    public static void deleteQueues(String uri, Topology topology, List<String> queues) {
        AmqpDeployments.delete(BrokerAddress.parse(uri), topology, queues);
    }
}
