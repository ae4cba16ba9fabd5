package io.taskmill.client;

import io.taskmill.testing.TestBroker;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.nats.NatsTestBroker;
import io.taskmill.transport.redis.RedisTestBroker;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.function.BiConsumer;

/** A broker that tests reach, and how to leave it as it was found. */
record RemoteBroker(String uri, BiConsumer<String, Topology> cleanUp) {

    /** A fresh in-JVM broker: nothing to clean, it goes with the test's objects. */
    static RemoteBroker embedded(String name) {
        return new RemoteBroker("mem://" + name + "-" + java.util.UUID.randomUUID(), (uri, topology) -> { });
    }

    static RemoteBroker rabbitmq() {
        return new RemoteBroker(TestBroker.uri(),
                (uri, topology) -> TestBroker.deleteQueues(uri, topology, List.of(Topology.DEFAULT_QUEUE)));
    }

    static RemoteBroker nats() {
        return new RemoteBroker(NatsTestBroker.uri(), NatsTestBroker::deleteStreams);
    }

    static RemoteBroker redis() {
        return new RemoteBroker(RedisTestBroker.uri(), RedisTestBroker::deleteKeys);
    }

    /** The same broker with more URI options ({@code name=value&...}). */
    RemoteBroker withOptions(String options) {
        return new RemoteBroker(uri + (uri.contains("?") ? "&" : "?") + options, cleanUp);
    }

    /** The same broker reached through a loopback port (a {@code TcpCutter}'s): user, vhost and options kept. */
    RemoteBroker through(int port) {
        URI target = URI.create(uri);
        String user = target.getRawUserInfo() == null ? "" : target.getRawUserInfo() + "@";
        String path = target.getRawPath() == null ? "" : target.getRawPath();
        String query = target.getRawQuery() == null ? "" : "?" + target.getRawQuery();
        return new RemoteBroker(target.getScheme() + "://" + user + "127.0.0.1:" + port + path + query, cleanUp);
    }

    /** Where the broker listens: its host and port, the scheme's default port when the URI has none. */
    InetSocketAddress listener() {
        URI target = URI.create(uri);
        int port = target.getPort() >= 0 ? target.getPort() : switch (target.getScheme()) {
            case "amqp" -> 5672;
            case "nats" -> 4222;
            case "redis" -> 6379;
            default -> throw new IllegalStateException("no default port for " + target.getScheme());
        };
        return InetSocketAddress.createUnresolved(target.getHost(), port);
    }

    BrokerAddress address() {
        return BrokerAddress.parse(uri);
    }

    void cleanUp(Topology topology) {
        cleanUp.accept(uri, topology);
    }
}
