package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import com.github.dockerjava.api.model.ContainerNetwork;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * RabbitMQ nodes of a suite's own, in containers (never the machine's broker): one, or a
 * cluster of them on a network of their own, sharing an Erlang cookie, joined to the first.
 * Each node's AMQP port is published on a fixed host port, so that a node keeps its address
 * across restarts, and the URI names every node.
 */
final class RabbitNodes implements AutoCloseable {

    /** The nodes' names on their network: the node mq2 is {@code rabbit@mq2}. */
    private static final String HOST = "mq";
    /**
     * Any cookie will do, as long as all nodes share it; pause_minority is RabbitMQ's advice
     * for three nodes or more: a node cut off from the others stops instead of going on alone.
     * A net tick of 10 s (60 by default) has a cut-off node notice within about 15 s, well
     * inside the suite's 30-s cut.
     */
    private static final String CLUSTER_NODE = "printf %s taskmill-fault-suite > /var/lib/rabbitmq/.erlang.cookie"
            + " && chown rabbitmq:rabbitmq /var/lib/rabbitmq/.erlang.cookie"
            + " && chmod 400 /var/lib/rabbitmq/.erlang.cookie"
            + " && printf 'cluster_partition_handling = pause_minority\\nnet_ticktime = 10\\n' >> /etc/rabbitmq/rabbitmq.conf"
            + " && exec rabbitmq-server";
    /** Erlang's schedulers spin while idle by default: three nodes on two cores would starve the clients. */
    private static final String NO_BUSY_WAIT = "+sbwt none +sbwtdcpu none +sbwtdio none";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RabbitMQContainer> nodes;
    private final List<Integer> ports;
    private final Network network;

    private RabbitNodes(List<RabbitMQContainer> nodes, List<Integer> ports, Network network) {
        this.nodes = nodes;
        this.ports = ports;
        this.network = network;
    }

    static RabbitNodes alone() throws IOException {
        int port = freePort();
        RabbitMQContainer node = ContainerBroker.create();
        node.setPortBindings(List.of(port + ":5672"));
        node.start();
        return new RabbitNodes(List.of(node), List.of(port), null);
    }

    static RabbitNodes cluster(int size) throws Exception {
        Network network = Network.newNetwork();
        List<RabbitMQContainer> nodes = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int n = 1; n <= size; n++) {
            String host = HOST + n;
            RabbitMQContainer node = ContainerBroker.create();
            node.withNetwork(network).withNetworkAliases(host)
                    .withCreateContainerCmdModifier(command -> command.withHostName(host))
                    .withEnv("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", NO_BUSY_WAIT)
                    .withCommand("sh", "-c", CLUSTER_NODE);
            int port = freePort();
            node.setPortBindings(List.of(port + ":5672"));
            nodes.add(node);
            ports.add(port);
        }
        RabbitNodes cluster = new RabbitNodes(nodes, ports, network);
        try {
            Startables.deepStart(nodes).join();
            for (RabbitMQContainer node : nodes.subList(1, size)) {
                cluster.rabbitmqctl(node, "stop_app");
                cluster.rabbitmqctl(node, "join_cluster", "rabbit@" + HOST + 1);
                cluster.rabbitmqctl(node, "start_app");
            }
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String uri() {
        return "amqp://guest:guest@" + ports.stream().map(port -> "localhost:" + port).collect(Collectors.joining(","));
    }

    List<RabbitMQContainer> nodes() {
        return nodes;
    }

    /** Runs {@code rabbitmqctl} on {@code node}, which must succeed; returns what it printed. */
    String rabbitmqctl(RabbitMQContainer node, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "rabbitmqctl";
        System.arraycopy(args, 0, command, 1, args.length);
        Container.ExecResult result = node.execInContainer(command);
        assertThat(result.getExitCode()).as(String.join(" ", command) + ": " + result.getStderr()).isZero();
        return result.getStdout();
    }

    /**
     * The node leading the quorum queue holding the most messages: mid-batch, the work queue,
     * where losing a node hurts most. The only node when there is one.
     */
    RabbitMQContainer leaderOfTheBusiestQueue() throws Exception {
        if (nodes.size() == 1) {
            return nodes.get(0);
        }
        JsonNode queues = JSON.readTree(rabbitmqctl(nodes.get(0), "list_queues", "name", "type", "leader", "messages",
                "--formatter", "json", "--quiet"));
        return StreamSupport.stream(queues.spliterator(), false)
                .filter(queue -> queue.path("type").asText().equals("quorum"))
                .max(Comparator.comparingLong(queue -> queue.path("messages").asLong()))
                .map(queue -> node(queue.path("leader").asText()))
                .orElse(nodes.get(0));
    }

    /** Takes the node off the cluster's network: the other nodes and every client lose it. */
    void disconnect(RabbitMQContainer node) {
        System.out.println("fault suite: cutting off rabbit@" + HOST + (nodes.indexOf(node) + 1));
        node.getDockerClient().disconnectFromNetworkCmd().withNetworkId(network.getId())
                .withContainerId(node.getContainerId()).exec();
    }

    /** Puts the node back on the network, under its name. */
    void reconnect(RabbitMQContainer node) {
        node.getDockerClient().connectToNetworkCmd().withNetworkId(network.getId())
                .withContainerId(node.getContainerId())
                .withContainerNetwork(new ContainerNetwork().withAliases(HOST + (nodes.indexOf(node) + 1))).exec();
    }

    /** Until every node of the cluster runs and sees every other one. */
    void awaitEveryNodeRunning() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> {
                    for (RabbitMQContainer node : nodes) {
                        String running = rabbitmqctl(node, "eval", "length(rabbit_nodes:all_running()).").trim();
                        if (Integer.parseInt(running) != nodes.size()) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private RabbitMQContainer node(String name) {
        return name.startsWith("rabbit@" + HOST)
                ? nodes.get(Integer.parseInt(name.substring(("rabbit@" + HOST).length())) - 1) : nodes.get(0);
    }

    @Override
    public void close() {
        nodes.forEach(RabbitMQContainer::stop);
        if (network != null) {
            network.close();
        }
    }
}
