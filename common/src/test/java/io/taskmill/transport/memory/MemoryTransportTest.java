package io.taskmill.transport.memory;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportContractTest;

class MemoryTransportTest extends TransportContractTest {

    @Override
    protected Transport open(Topology topology) {
        return MemoryTransport.open(BrokerAddress.parse(uri()), topology);
    }

    @Override
    protected String uri() {
        return "mem://contract-" + topology.prefix();
    }
}
