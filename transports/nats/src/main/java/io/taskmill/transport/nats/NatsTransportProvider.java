package io.taskmill.transport.nats;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportProvider;
import java.util.Set;

/** {@code nats://}: NATS with JetStream. */
public final class NatsTransportProvider implements TransportProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("nats");
    }

    @Override
    public String example() {
        return "nats://host:4222";
    }

    @Override
    public Transport open(BrokerAddress address, Topology topology) {
        return NatsTransport.connect(address, topology);
    }
}
