package io.taskmill.transport.nats;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.taskmill.testing.ServerProcess;
import io.taskmill.testing.TcpCutter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A NATS cluster of the test's own: {@code nats-server} processes with JetStream, routed to
 * each other on loopback, each with its own store. Never the machine's server.
 *
 * <p>Every link goes through a {@link TcpCutter} the test holds, so that one server can be cut
 * off from the others and from its clients, and healed: a forwarder in front of each server's
 * client port (which the server also tells its clients, instead of its own port), and one for
 * each route from one server to another. A server advertises no route address of its own
 * (a closed port), so that no server makes a route around the forwarders.
 */
public final class NatsCluster implements AutoCloseable {

    private static final String NO_ROUTE_AROUND = "127.0.0.1:1";

    private final List<NatsServer> servers = new ArrayList<>();
    private final List<TcpCutter> clientLinks = new ArrayList<>();
    /** From one server to another: {@code routeLinks.get(from).get(to)}, null from a server to itself. */
    private final List<List<TcpCutter>> routeLinks = new ArrayList<>();

    public NatsCluster(Path logDir, int size) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                build(logDir, size);
                return;
            } catch (ServerProcess.ExitedAtStart e) {
                // Another process bound a server's port in the instant between its release and the server's bind.
                close();
                servers.clear();
                clientLinks.clear();
                routeLinks.clear();
                if (attempt == 3) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }
    }

    /**
     * The servers' ports are held open while the forwarders bind theirs, which the system picks from the same
     * free ports: a forwarder once took a server's client port, the server exited at start, and the forwarder
     * answered in its place.
     */
    private void build(Path logDir, int size) throws IOException {
        List<Integer> clientPorts = new ArrayList<>();
        List<Integer> routePorts = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                clientPorts.add(hold(held));
                routePorts.add(hold(held));
                clientLinks.add(TcpCutter.to("127.0.0.1", clientPorts.get(i)));
            }
            for (int from = 0; from < size; from++) {
                List<TcpCutter> links = new ArrayList<>();
                for (int to = 0; to < size; to++) {
                    links.add(from == to ? null : TcpCutter.to("127.0.0.1", routePorts.get(to)));
                }
                routeLinks.add(links);
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        for (int i = 0; i < size; i++) {
            String routes = routeLinks.get(i).stream().filter(Objects::nonNull)
                    .map(link -> "nats://127.0.0.1:" + link.port()).collect(Collectors.joining(","));
            servers.add(new NatsServer(logDir, clientPorts.get(i), List.of("--server_name", "n" + (i + 1),
                    "--cluster_name", "taskmill", "--cluster", "nats://127.0.0.1:" + routePorts.get(i),
                    "--routes", routes, "--cluster_advertise", NO_ROUTE_AROUND,
                    "--client_advertise", "127.0.0.1:" + clientLinks.get(i).port())));
        }
        awaitWhole();
    }

    private static int hold(List<ServerSocket> held) throws IOException {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        return socket.getLocalPort();
    }

    /**
     * Until its servers have elected the leader of their JetStream meta group, and that leader knows every
     * server, a cluster makes no stream with a copy on each ("no suitable peers for placement").
     */
    public void awaitWhole() {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(this::placesACopyOnEachServer);
    }

    /** Closes every link to and from the server, its clients' included, and every one made until {@link #heal}. */
    public void cutOff(int server) {
        linksOf(server).forEach(TcpCutter::cutOff);
    }

    public void heal(int server) {
        linksOf(server).forEach(TcpCutter::heal);
    }

    private List<TcpCutter> linksOf(int server) {
        List<TcpCutter> links = new ArrayList<>(List.of(clientLinks.get(server)));
        for (int other = 0; other < servers.size(); other++) {
            if (other != server) {
                links.add(routeLinks.get(server).get(other));
                links.add(routeLinks.get(other).get(server));
            }
        }
        return links;
    }

    private boolean placesACopyOnEachServer() throws Exception {
        try (Connection connection = connect()) {
            JetStreamManagement management = connection.jetStreamManagement();
            String probe = "ready_" + UUID.randomUUID().toString().substring(0, 8);
            management.addStream(StreamConfiguration.builder().name(probe).subjects(probe)
                    .storageType(StorageType.Memory).replicas(servers.size()).build());
            management.deleteStream(probe);
            return true;
        }
    }

    /** A client of the cluster, through the forwarders, as every process of a test connects. */
    public Connection connect() throws IOException, InterruptedException {
        return Nats.connect(new Options.Builder().servers(clientLinks.stream()
                .map(link -> "nats://127.0.0.1:" + link.port()).toArray(String[]::new)).build());
    }

    /** Every server's client address (its forwarder's), as a cluster URI lists them. */
    public String uri() {
        return "nats://" + clientLinks.stream().map(link -> "127.0.0.1:" + link.port())
                .collect(Collectors.joining(","));
    }

    public List<NatsServer> servers() {
        return servers;
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(servers);
        all.addAll(clientLinks);
        routeLinks.forEach(links -> links.stream().filter(Objects::nonNull).forEach(all::add));
        for (AutoCloseable closeable : all) {
            try {
                closeable.close();
            } catch (Exception e) {
                // The others still go: a test's servers never outlive it.
            }
        }
    }
}
