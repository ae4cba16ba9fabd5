package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.Container;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The fault suite's own RabbitMQ, in a container, on a fixed host port so that the broker
 * keeps its address across restarts. The machine's broker is never touched by faults.
 */
final class FaultBroker implements AutoCloseable {

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

    String uri() {
        return "amqp://guest:guest@localhost:" + port;
    }

    void rabbitmqctl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "rabbitmqctl";
        System.arraycopy(args, 0, command, 1, args.length);
        Container.ExecResult result = container.execInContainer(command);
        assertThat(result.getExitCode()).as(String.join(" ", command) + ": " + result.getStderr()).isZero();
    }

    /** stop_app / start_app: every connection drops, the node and its data stay. */
    void gracefulRestart() throws Exception {
        rabbitmqctl("stop_app");
        Thread.sleep(2_000);
        rabbitmqctl("start_app");
        awaitAmqp();
    }

    /** SIGKILL to the broker's container, then start it again: nothing shut down cleanly. */
    void hardKillAndStart() throws Exception {
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
