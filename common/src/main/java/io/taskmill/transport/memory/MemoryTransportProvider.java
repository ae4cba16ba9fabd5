package io.taskmill.transport.memory;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportProvider;
import java.util.Set;

/** {@code mem://name}: the in-JVM transport, the embedded default. */
public final class MemoryTransportProvider implements TransportProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("mem");
    }

    @Override
    public String example() {
        return "mem://name";
    }

    @Override
    public Transport open(BrokerAddress address, Topology topology) {
        if (address.uri().getRawQuery() != null) {
            throw new IllegalArgumentException("bad broker URI " + address + ": mem:// takes no options (it has "
                    + "no delivery limit, no recovery, nothing to tune)");
        }
        if (address.cluster()) {
            throw new IllegalArgumentException("bad broker URI " + address + ": mem:// names one broker in this JVM, "
                    + "not a list of hosts");
        }
        return MemoryTransport.open(address, topology);
    }
}
