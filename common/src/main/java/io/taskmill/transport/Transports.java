package io.taskmill.transport;

import io.taskmill.transport.amqp.AmqpTransport;
import io.taskmill.transport.memory.MemoryTransport;

/** Opens the transport a URI's scheme names. */
public final class Transports {

    private Transports() {
    }

    /**
     * @throws IllegalArgumentException   for a URI no transport takes
     * @throws BrokerUnavailableException when the broker does not answer
     */
    public static Transport open(BrokerAddress address, Topology topology) {
        return switch (address.scheme()) {
            case "amqp", "amqps" -> AmqpTransport.connect(address, topology);
            case "mem" -> MemoryTransport.open(address, topology);
            default -> throw new IllegalArgumentException("unsupported broker URI scheme '" + address.scheme()
                    + "' in " + address + ": use amqp://, amqps:// or mem://");
        };
    }
}
