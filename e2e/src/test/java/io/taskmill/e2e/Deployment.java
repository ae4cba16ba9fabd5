package io.taskmill.e2e;

import io.taskmill.testing.TestBroker;
import io.taskmill.transport.nats.NatsTestBroker;
import io.taskmill.transport.redis.RedisTestBroker;
import io.taskmill.transport.Topology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Taskmill deployment on the test broker, under a prefix of its own: the consumers it
 * started and the CLI runs against it. Closing kills the consumers and deletes its queues.
 */
final class Deployment implements AutoCloseable {

    private final Topology topology = TestBroker.uniqueTopology();
    private final String broker;
    private final Path logDir;
    private final List<ConsumerProcess> consumers = new ArrayList<>();

    /** On the machine's broker (or TASKMILL_TEST_BROKER). */
    Deployment(String testName) {
        this(testName, TestBroker.uri());
    }

    Deployment(String testName, String broker) {
        this.broker = broker;
        this.logDir = Path.of("target", "e2e-logs", testName + "-" + topology.prefix()).toAbsolutePath();
    }

    String broker() {
        return broker;
    }

    Topology topology() {
        return topology;
    }

    Path logDir() {
        return logDir;
    }

    ConsumerProcess startConsumer(String name, String... extra) throws IOException {
        return startConsumer(name, Map.of(), extra);
    }

    ConsumerProcess startConsumer(String name, Map<String, String> env, String... extra) throws IOException {
        ConsumerProcess consumer = ConsumerProcess.start(broker, topology.prefix(), logDir.resolve(name + ".log"), env,
                extra);
        consumers.add(consumer);
        return consumer;
    }

    CliProcess.Result cli(String name, Duration timeout, String... args) throws Exception {
        return CliProcess.run(logDir, name, timeout, withBroker(args));
    }

    Process startCli(String name, String... args) throws IOException {
        return CliProcess.start(logDir, name, withBroker(args));
    }

    private String[] withBroker(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--broker", broker, "--prefix", topology.prefix()));
        return all.toArray(String[]::new);
    }

    @Override
    public void close() throws Exception {
        for (ConsumerProcess consumer : consumers) {
            consumer.close();
        }
        if (broker.startsWith("nats:")) {
            NatsTestBroker.deleteStreams(broker, topology);
        } else if (broker.startsWith("redis:")) {
            RedisTestBroker.deleteKeys(broker, topology);
        } else {
            TestBroker.deleteQueues(broker, topology, List.of(Topology.DEFAULT_QUEUE));
        }
    }
}
