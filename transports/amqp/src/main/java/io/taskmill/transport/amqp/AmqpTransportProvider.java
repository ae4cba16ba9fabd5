package io.taskmill.transport.amqp;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportProvider;
import java.util.Set;

/** {@code amqp://} and {@code amqps://}: RabbitMQ. */
public final class AmqpTransportProvider implements TransportProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("amqp", "amqps");
    }

    @Override
    public String example() {
        return "amqp://user@host:5672/vhost, amqps://...";
    }

    @Override
    public Transport open(BrokerAddress address, Topology topology) {
        return AmqpTransport.connect(address, topology);
    }
}
