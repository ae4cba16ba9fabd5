package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Topology;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.Container;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The fault suite's own RabbitMQ, in a container, on a fixed host port so that the broker
 * keeps its address across restarts. The machine's broker is never touched by faults.
 */
final class FaultBroker implements FaultyBroker {

    private final RabbitMQContainer container;
    private final int port;

    FaultBroker() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        container = ContainerBroker.create();
        container.setPortBindings(List.of(port + ":5672"));
        container.start();
    }

    @Override
    public String uri() {
        return "amqp://guest:guest@localhost:" + port;
    }

    /** A killed worker's connection closes, and the broker puts back what it held at once. */
    @Override
    public String quickRedelivery() {
        return "";
    }

    @Override
    public Map<Fault, String> cannot() {
        return Map.of(Fault.DELIVERY_TIMEOUT, "RabbitMQ redelivers a message when its channel closes, not after a "
                + "time a client sets (consumer_timeout is the server's, 30 min)");
    }

    @Override
    public void dropEveryConnection() throws Exception {
        rabbitmqctl("close_all_connections", "fault suite");
    }

    @Override
    public String subscriptionName(Topology topology, String queue) {
        return "queue " + topology.workQueue(queue);
    }

    @Override
    public void deleteWorkQueue(Topology topology, String queue) throws Exception {
        rabbitmqctl("delete_queue", topology.workQueue(queue));
    }

    @Override
    public void deleteLog(Topology topology, LogSpec log) throws Exception {
        rabbitmqctl("delete_queue", topology.log(log));
    }

    @Override
    public void raise(Alarm alarm) throws Exception {
        rabbitmqctl(setting(alarm), alarm == Alarm.MEMORY ? "0" : "100000000000000");
    }

    @Override
    public void clear(Alarm alarm) throws Exception {
        rabbitmqctl(setting(alarm), alarm == Alarm.MEMORY ? "0.4" : "50000000");
    }

    /** The broker setting an alarm trips on: a memory watermark of 0, or more free disk than there is. */
    private static String setting(Alarm alarm) {
        return alarm == Alarm.MEMORY ? "set_vm_memory_high_watermark" : "set_disk_free_limit";
    }

    @Override
    public String deliveryTimeout(int seconds) {
        throw new UnsupportedOperationException(cannot().get(Fault.DELIVERY_TIMEOUT));
    }

    private void rabbitmqctl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "rabbitmqctl";
        System.arraycopy(args, 0, command, 1, args.length);
        Container.ExecResult result = container.execInContainer(command);
        assertThat(result.getExitCode()).as(String.join(" ", command) + ": " + result.getStderr()).isZero();
    }

    /** stop_app / start_app: every connection drops, the node and its data stay. */
    @Override
    public void gracefulRestart() throws Exception {
        rabbitmqctl("stop_app");
        Thread.sleep(2_000);
        rabbitmqctl("start_app");
        awaitAmqp();
    }

    /** SIGKILL to the broker's container, then start it again: nothing shut down cleanly. */
    @Override
    public void hardKillAndStart() throws Exception {
        var docker = container.getDockerClient();
        docker.killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
        Thread.sleep(2_000);
        docker.startContainerCmd(container.getContainerId()).exec();
        awaitAmqp();
    }

    private void awaitAmqp() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                container.execInContainer("rabbitmq-diagnostics", "-q", "check_port_connectivity").getExitCode() == 0);
    }

    @Override
    public void close() {
        container.stop();
    }
}
