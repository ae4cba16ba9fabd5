package io.taskmill.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A three-node RabbitMQ cluster of the harness's own, in containers of {@code RABBITMQ_IMAGE}
 * (the public image elsewhere) on a network of their own, sharing an Erlang cookie, each
 * node's AMQP port published on loopback: the machine's broker is never touched.
 */
final class RabbitClusterContainers implements AutoCloseable {

    private static final int NODES = 3;
    /** Erlang's schedulers spin while idle by default: three nodes on two cores would starve the clients. */
    private static final String NO_BUSY_WAIT = "+sbwt none +sbwtdcpu none +sbwtdio none";
    private static final String NODE = "printf %s taskmill-bench > /var/lib/rabbitmq/.erlang.cookie"
            + " && chown rabbitmq:rabbitmq /var/lib/rabbitmq/.erlang.cookie"
            + " && chmod 400 /var/lib/rabbitmq/.erlang.cookie && exec rabbitmq-server";

    private final String name = "taskmill-bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path logs;
    private final List<Integer> ports = new ArrayList<>();
    private final List<String> containers = new ArrayList<>();
    private boolean network;

    RabbitClusterContainers(Path logs) throws Exception {
        this.logs = Files.createDirectories(logs);
        String image = System.getenv().getOrDefault("RABBITMQ_IMAGE", "rabbitmq:3-management");
        try {
            docker("network", "create", name);
            network = true;
            for (int n = 1; n <= NODES; n++) {
                int port = LoopbackPorts.free();
                String host = "mq" + n;
                docker("run", "-d", "--name", name + "-" + host, "--hostname", host, "--network", name,
                        "--network-alias", host, "-p", "127.0.0.1:" + port + ":5672",
                        "-e", "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=" + NO_BUSY_WAIT,
                        "--entrypoint", "sh", image, "-c", NODE);
                containers.add(name + "-" + host);
                ports.add(port);
            }
            for (String container : containers) {
                awaitRunning(container);
            }
            for (String container : containers.subList(1, NODES)) {
                docker("exec", container, "rabbitmqctl", "stop_app");
                docker("exec", container, "rabbitmqctl", "join_cluster", "rabbit@mq1");
                docker("exec", container, "rabbitmqctl", "start_app");
            }
            awaitRunning(containers.get(NODES - 1));
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Every node's address, as a Taskmill broker URI of a cluster. */
    String uri() {
        return "amqp://guest:guest@" + ports.stream().map(port -> "127.0.0.1:" + port)
                .collect(Collectors.joining(","));
    }

    private void awaitRunning(String container) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        String last = "";
        while (System.nanoTime() < deadline) {
            Run ping = run("exec", container, "rabbitmq-diagnostics", "-q", "check_running");
            if (ping.exit() == 0) {
                return;
            }
            last = ping.output();
            Thread.sleep(500);
        }
        throw new IllegalStateException(container + " did not start within 3 minutes: " + last.strip());
    }

    private record Run(int exit, String output) {
    }

    private void docker(String... args) throws Exception {
        Run result = run(args);
        if (result.exit() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + result.output().strip());
        }
    }

    private Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(logs, "docker-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Run(-1, "docker " + String.join(" ", args) + " did not end within 2 minutes");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() throws Exception {
        for (String container : containers) {
            run("rm", "-f", "-v", container);
        }
        if (network) {
            run("network", "rm", name);
        }
    }
}
