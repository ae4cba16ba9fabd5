package io.taskmill.transport.nats;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportProvider;
import java.util.Set;

/** {@code nats://}, and {@code tls://} over TLS: NATS with JetStream. */
public final class NatsTransportProvider implements TransportProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("nats", NatsOptions.TLS_SCHEME);
    }

    @Override
    public String example() {
        return "nats://host:4222 (tls://host:4222 over TLS)";
    }

    @Override
    public Transport open(BrokerAddress address, Topology topology) {
        return NatsTransport.connect(address, topology);
    }
}
