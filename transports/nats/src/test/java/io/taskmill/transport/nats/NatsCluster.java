package io.taskmill.transport.nats;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A NATS cluster of the test's own: {@code nats-server} processes with JetStream, routed to
 * each other on loopback, each with its own store. Never the machine's server.
 */
public final class NatsCluster implements AutoCloseable {

    private final List<NatsServer> servers = new ArrayList<>();

    public NatsCluster(Path logDir, int size) throws IOException {
        List<Integer> routes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                routes.add(socket.getLocalPort());
            }
        }
        String all = routes.stream().map(port -> "nats://127.0.0.1:" + port).collect(Collectors.joining(","));
        try {
            for (int i = 0; i < size; i++) {
                servers.add(new NatsServer(logDir, List.of("--server_name", "n" + (i + 1), "--cluster_name", "taskmill",
                        "--cluster", "nats://127.0.0.1:" + routes.get(i), "--routes", all)));
            }
            // Until its servers have elected the leader of their JetStream meta group, and that leader knows every
            // server, a cluster makes no stream with a copy on each ("no suitable peers for placement").
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(this::placesACopyOnEachServer);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private boolean placesACopyOnEachServer() throws Exception {
        try (Connection connection = Nats.connect(new Options.Builder().servers(servers.stream().map(NatsServer::uri)
                .toArray(String[]::new)).build())) {
            JetStreamManagement management = connection.jetStreamManagement();
            String probe = "ready_" + UUID.randomUUID().toString().substring(0, 8);
            management.addStream(StreamConfiguration.builder().name(probe).subjects(probe)
                    .storageType(StorageType.Memory).replicas(servers.size()).build());
            management.deleteStream(probe);
            return true;
        }
    }

    /** Every server's client address, as a cluster URI lists them. */
    public String uri() {
        return "nats://" + servers.stream().map(server -> "127.0.0.1:" + server.port()).collect(Collectors.joining(","));
    }

    public List<NatsServer> servers() {
        return servers;
    }

    @Override
    public void close() {
        for (NatsServer server : servers) {
            try {
                server.close();
            } catch (Exception e) {
                // The others still go: a test's servers never outlive it.
            }
        }
    }
}
