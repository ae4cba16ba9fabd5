package io.taskmill.e2e;

import static org.awaitility.Awaitility.await;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The fault suite's own RabbitMQ, in containers (see {@link RabbitNodes}): one node, or a
 * cluster of them, where a restart or a kill strikes the node leading the work queue. The
 * machine's broker is never touched by faults.
 */
final class FaultBroker implements FaultyBroker {

    private final RabbitNodes nodes;

    private FaultBroker(RabbitNodes nodes) {
        this.nodes = nodes;
    }

    static FaultBroker alone() throws IOException {
        return new FaultBroker(RabbitNodes.alone());
    }

    static FaultBroker cluster(int size) throws Exception {
        return new FaultBroker(RabbitNodes.cluster(size));
    }

    @Override
    public String uri() {
        return nodes.uri();
    }

    RabbitNodes nodes() {
        return nodes;
    }

    /** A killed worker's connection closes, and the broker puts back what it held at once. */
    @Override
    public String quickRedelivery() {
        return "";
    }

    @Override
    public Map<Fault, String> cannot() {
        Map<Fault, String> cannot = new EnumMap<>(Fault.class);
        if (nodes.nodes().size() == 1) {
            cannot.put(Fault.CUT_OFF, "one node has no others to be cut off from");
        }
        return cannot;
    }

    @Override
    public Optional<String> workerRowsElsewhere() {
        return nodes.nodes().size() == 1 ? Optional.empty() : Optional.of(FaultyBroker.ONE_NODE_SUITE_RUNS_IT);
    }

    @Override
    public void cutOffFor(Duration time) throws Exception {
        RabbitMQContainer node = nodes.leaderOfTheBusiestQueue();
        nodes.disconnect(node);
        Thread.sleep(time.toMillis());
        nodes.reconnect(node);
        nodes.awaitEveryNodeRunning();
    }

    @Override
    public void dropEveryConnection() throws Exception {
        everyNode("close_all_connections", "fault suite");
    }

    @Override
    public String subscriptionName(Topology topology, String queue) {
        return "queue " + topology.workQueue(queue);
    }

    @Override
    public void deleteWorkQueue(Topology topology, String queue) throws Exception {
        nodes.rabbitmqctl(nodes.nodes().get(0), "delete_queue", topology.workQueue(queue));
    }

    /**
     * A quorum queue on a cluster takes a consumer in through its leader; one deleted before
     * that, we infer, never tells the consumer it is gone (one consumer of a cluster's queue
     * heard nothing of its deletion, once, under load).
     */
    @Override
    public void awaitConsumers(Topology topology, String queue, int consumers) throws Exception {
        try (Transport transport = Transports.open(BrokerAddress.parse(uri()), topology)) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> transport.statistics().status(List.of(queue)).get(0).consumers() >= consumers);
        }
    }

    @Override
    public void deleteLog(Topology topology, LogSpec log) throws Exception {
        nodes.rabbitmqctl(nodes.nodes().get(0), "delete_queue", topology.log(log));
    }

    /** On every node: an alarm of any node stops the publishers of all, and each node clears its own. */
    @Override
    public void raise(Alarm alarm) throws Exception {
        everyNode(setting(alarm), alarm == Alarm.MEMORY ? "0" : "100000000000000");
    }

    @Override
    public void clear(Alarm alarm) throws Exception {
        everyNode(setting(alarm), alarm == Alarm.MEMORY ? "0.4" : "50000000");
    }

    /** The broker setting an alarm trips on: a memory watermark of 0, or more free disk than there is. */
    private static String setting(Alarm alarm) {
        return alarm == Alarm.MEMORY ? "set_vm_memory_high_watermark" : "set_disk_free_limit";
    }

    /**
     * RabbitMQ's {@code consumer_timeout} on every node, checked every half second (each
     * channel reads both when it opens): a consumer holding a delivery longer has its channel
     * closed, and every delivery of the channel goes to another.
     */
    @Override
    public String deliveryTimeout(int seconds) throws Exception {
        serverTimeout(seconds * 1_000L, 500);
        return "";
    }

    /** The server's defaults: 30 minutes, checked every minute. */
    @Override
    public void endDeliveryTimeout() throws Exception {
        serverTimeout(1_800_000, 60_000);
    }

    private void serverTimeout(long timeoutMs, long checkMs) throws Exception {
        everyNode("eval", "application:set_env(rabbit, consumer_timeout, " + timeoutMs + "), "
                + "application:set_env(rabbit, channel_tick_interval, " + checkMs + ").");
    }

    private void everyNode(String... args) throws Exception {
        for (RabbitMQContainer node : nodes.nodes()) {
            nodes.rabbitmqctl(node, args);
        }
    }

    /** stop_app / start_app: every connection to the node drops, the node and its data stay. */
    @Override
    public void gracefulRestart() throws Exception {
        RabbitMQContainer node = nodes.leaderOfTheBusiestQueue();
        nodes.rabbitmqctl(node, "stop_app");
        Thread.sleep(2_000);
        nodes.rabbitmqctl(node, "start_app");
        awaitAmqp(node);
    }

    /** SIGKILL to the node's container, then start it again: nothing shut down cleanly. */
    @Override
    public void hardKillAndStart() throws Exception {
        RabbitMQContainer node = nodes.leaderOfTheBusiestQueue();
        var docker = node.getDockerClient();
        docker.killContainerCmd(node.getContainerId()).withSignal("KILL").exec();
        Thread.sleep(2_000);
        docker.startContainerCmd(node.getContainerId()).exec();
        awaitAmqp(node);
    }

    private static void awaitAmqp(RabbitMQContainer node) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                node.execInContainer("rabbitmq-diagnostics", "-q", "check_port_connectivity").getExitCode() == 0);
    }

    @Override
    public void close() {
        nodes.close();
    }
}
