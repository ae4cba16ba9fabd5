package io.taskmill.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A three-node NATS JetStream cluster of the harness's own, from Debian's
 * {@code nats-server}, on loopback ports with its stores in temporary folders: the
 * machine's server is never touched.
 */
final class NatsClusterProcesses implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/nats-server");
    private static final int NODES = 3;

    private final List<Process> servers = new ArrayList<>();
    private final List<Path> stores = new ArrayList<>();
    private final List<Integer> clientPorts = new ArrayList<>();

    NatsClusterProcesses(Path logs) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's nats-server package");
        }
        Files.createDirectories(logs);
        List<Integer> routePorts = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            clientPorts.add(LoopbackPorts.free());
            routePorts.add(LoopbackPorts.free());
        }
        String routes = routePorts.stream().map(port -> "nats://127.0.0.1:" + port).collect(Collectors.joining(","));
        try {
            for (int i = 0; i < NODES; i++) {
                Path store = Files.createTempDirectory("taskmill-bench-nats-");
                stores.add(store);
                servers.add(new ProcessBuilder(BINARY.toString(), "-a", "127.0.0.1", "-p",
                        clientPorts.get(i).toString(), "-js", "-sd", store.toString(), "--server_name", "bench-" + i,
                        "--cluster_name", "taskmill-bench", "--cluster", "nats://127.0.0.1:" + routePorts.get(i),
                        "--routes", routes).redirectErrorStream(true)
                        .redirectOutput(logs.resolve("nats-cluster-" + i + ".log").toFile()).start());
            }
            awaitJetStream();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Every node's address, as a Taskmill broker URI of a cluster. */
    String uri() {
        return "nats://" + clientPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** JetStream answers once the nodes elected a meta leader; a stream of three copies needs all three. */
    private void awaitJetStream() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (io.nats.client.Connection connection = io.nats.client.Nats.connect(
                    "nats://127.0.0.1:" + clientPorts.get(0))) {
                io.nats.client.api.AccountStatistics statistics = connection.jetStreamManagement()
                        .getAccountStatistics();
                if (statistics != null && connection.getServerInfo().getConnectURLs().size() >= NODES - 1) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the harness's NATS cluster did not elect a JetStream leader in 60 s"
                + (last == null ? "" : ": " + last.getMessage()));
    }

    @Override
    public void close() throws Exception {
        for (Process server : servers) {
            server.destroy();
        }
        for (Process server : servers) {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        for (Path store : stores) {
            try (Stream<Path> files = Files.walk(store)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
