package io.taskmill.client;

import io.taskmill.testing.TestBroker;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.nats.NatsTestBroker;
import java.util.List;
import java.util.function.BiConsumer;

/** A broker that tests reach over the network, and how to leave it as it was found. */
record RemoteBroker(String uri, BiConsumer<String, Topology> cleanUp) {

    static RemoteBroker rabbitmq() {
        return new RemoteBroker(TestBroker.uri(),
                (uri, topology) -> TestBroker.deleteQueues(uri, topology, List.of(Topology.DEFAULT_QUEUE)));
    }

    static RemoteBroker nats() {
        return new RemoteBroker(NatsTestBroker.uri(), NatsTestBroker::deleteStreams);
    }

    BrokerAddress address() {
        return BrokerAddress.parse(uri);
    }

    void cleanUp(Topology topology) {
        cleanUp.accept(uri, topology);
    }
}
