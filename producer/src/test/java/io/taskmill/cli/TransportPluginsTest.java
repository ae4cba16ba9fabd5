package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.TransportProvider;
import io.taskmill.transport.Transports;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI reaches brokers only by URI scheme, through the providers its class path carries. */
class TransportPluginsTest {

    @Test
    void everyShippedTransportIsFoundByItsScheme() {
        List<String> schemes = Transports.providers().stream().flatMap(p -> p.schemes().stream()).sorted().toList();
        assertThat(schemes).containsExactly("amqp", "amqps", "mem", "nats", "redis", "rediss", "tls");
        assertThat(Transports.providers().get(0).schemes()).containsExactly("mem");
    }

    @Test
    void anUnknownSchemeNamesTheOnesThatExist() {
        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse("kafka://localhost:9092"), Topology.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported broker URI scheme 'kafka'")
                .hasMessageContaining(String.join(", ", Transports.providers().stream()
                        .map(TransportProvider::example).toList()));
    }
}
