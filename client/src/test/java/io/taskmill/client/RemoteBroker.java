package io.taskmill.client;

import io.taskmill.testing.TestBroker;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.nats.NatsTestBroker;
import io.taskmill.transport.redis.RedisTestBroker;
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

    BrokerAddress address() {
        return BrokerAddress.parse(uri);
    }

    void cleanUp(Topology topology) {
        cleanUp.accept(uri, topology);
    }
}
