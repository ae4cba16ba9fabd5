package io.taskmill.transport.redis;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportProvider;
import java.util.Set;

/** {@code redis://}, and {@code rediss://} over TLS: Redis Streams. */
public final class RedisTransportProvider implements TransportProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("redis", RedisOptions.TLS_SCHEME);
    }

    @Override
    public String example() {
        return "redis://host:6379 (rediss://host:6379 over TLS)";
    }

    @Override
    public Transport open(BrokerAddress address, Topology topology) {
        return RedisTransport.connect(address, topology);
    }
}
