package io.taskmill.transport.amqp;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.MetricsCollector;
import com.rabbitmq.client.impl.MicrometerMetricsCollector;
import io.micrometer.core.instrument.Metrics;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.BrokerUnavailableException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import java.util.Optional;
import io.taskmill.transport.TlsFiles;

/** Builds connections from a broker URI, to any of its nodes: automatic recovery, 10 s connect limit, verified TLS. */
final class AmqpConnector {

    /**
     * The RabbitMQ client's own metrics (connections, channels, messages published,
     * confirmed, nacked, unrouted, consumed, acked) as {@code rabbitmq_*}, one set for the
     * JVM, in Micrometer's global registry: nothing until the application adds a registry
     * to it, as the consumer does for its {@code /metrics}.
     */
    private static final MetricsCollector METRICS = new MicrometerMetricsCollector(Metrics.globalRegistry, "rabbitmq");


    static final int CONNECT_TIMEOUT_MS = 10_000;
    /**
     * The longest a channel operation waits for the broker's answer. The client's default is ten minutes, and the
     * threads that wait include the one that resubscribes every lost consumer of the transport; the broker answers
     * or fails an operation within its own 15 s (channel_operation_timeout).
     */
    static final int RPC_TIMEOUT_MS = 60_000;

    private final BrokerAddress address;
    /** Every node of the URI: a connection is made to the first that answers, and recovers to any. */
    private final List<Address> nodes;
    private final ConnectionFactory withTopology;
    private final ConnectionFactory withoutTopology;

    AmqpConnector(BrokerAddress address, AmqpOptions options) {
        this.address = address;
        this.nodes = address.hosts().stream().map(host -> new Address(host.name(), host.port())).toList();
        // One TLS context for both factories: it reads the URI's PEM files.
        SSLContext tls = "amqps".equals(address.scheme()) ? options.tls().context() : null;
        this.withTopology = factory(address, options, tls, true);
        this.withoutTopology = factory(address, options, tls, false);
    }

    private static ConnectionFactory factory(BrokerAddress address, AmqpOptions options, SSLContext tls,
                                             boolean recoverTopology) {
        ConnectionFactory factory = new ConnectionFactory();
        // Defaults first: the URI's own heartbeat and connection_timeout, which setUri reads, win over them.
        factory.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        factory.setRequestedHeartbeat(20);
        try {
            factory.setUri(address.uri());
            if (tls != null) {
                // setUri alone would trust any certificate: trust the URI's tls-ca, or else the JVM's trust
                // store (javax.net.ssl.trustStore), and check the host name.
                factory.useSslProtocol(tls);
                factory.enableHostnameVerification();
                if (options.externalAuth()) {
                    factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bad broker URI " + address + ": " + e.getMessage());
        }
        factory.setHandshakeTimeout(CONNECT_TIMEOUT_MS);
        factory.setChannelRpcTimeout(RPC_TIMEOUT_MS);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(recoverTopology);
        factory.setNetworkRecoveryInterval(2_000);
        factory.setExceptionHandler(new RecoveryLog());
        factory.setMetricsCollector(METRICS);
        return factory;
    }

    /**
     * @param recoverTopology whether automatic recovery also declares again the queues and
     *                        consumers made on this connection
     */
    Connection connect(String purpose, boolean recoverTopology) {
        try {
            return (recoverTopology ? withTopology : withoutTopology).newConnection(nodes, "taskmill-" + purpose);
        } catch (PossibleAuthenticationFailureException e) {
            throw new BrokerUnavailableException("RabbitMQ at " + address
                    + " refused the login: check the user and password in the URI", e);
        } catch (IOException | TimeoutException e) {
            Optional<String> tls = TlsFiles.handshakeProblem("RabbitMQ", address, e);
            if (tls.isPresent()) {
                throw new BrokerUnavailableException(tls.get(), e);
            }
            String reason = e.getMessage() != null ? e.getMessage()
                    : e.getCause() != null ? e.getCause().toString() : e.getClass().getSimpleName();
            throw new BrokerUnavailableException("cannot reach RabbitMQ at " + address + " (" + reason
                    + "): is the broker running and the URI right?", e);
        }
    }
}
