package io.taskmill.transport.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskmill.testing.TestCertificates;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.BrokerUnavailableException;
import io.taskmill.transport.Delivery;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NATS over TLS ({@code tls://}), against servers of the test's own with certificates it
 * makes (openssl): one that presents a certificate for {@code localhost}, one that also
 * requires a client certificate signed by the same CA.
 */
class NatsTlsIT {

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static NatsServer server;
    private static NatsServer mutual;

    @BeforeAll
    static void startServers() throws Exception {
        certs = TestCertificates.make(dir.resolve("certs"), "tls-user");
        Path logs = Path.of("target", "nats-tls-logs");
        List<String> tls = List.of("--tls", "--tlscert", certs.file("server.pem").toString(), "--tlskey",
                certs.file("server.key").toString());
        server = new NatsServer(logs, tls);
        List<String> verify = new java.util.ArrayList<>(tls);
        verify.addAll(List.of("--tlsverify", "--tlscacert", certs.file("ca.pem").toString()));
        mutual = new NatsServer(logs, verify);
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (server != null) {
            server.close();
        }
        if (mutual != null) {
            mutual.close();
        }
    }

    private static Transport open(String host, NatsServer on, String query) {
        return Transports.open(BrokerAddress.parse("tls://" + host + ":" + on.port() + "?" + query),
                new Topology("tls" + UUID.randomUUID().toString().substring(0, 8)));
    }

    /** A task published and delivered back: the connection works for what Taskmill does, not only connects. */
    private static void carriesATask(Transport transport) throws Exception {
        BlockingQueue<Delivery> delivered = new LinkedBlockingQueue<>();
        transport.workQueue("default").publish("over tls".getBytes(StandardCharsets.UTF_8), "t-1")
                .get(30, TimeUnit.SECONDS);
        try (Subscription ignored = transport.workQueue("default").consume(1, delivered::add)) {
            Delivery delivery = delivered.poll(30, TimeUnit.SECONDS);
            assertThat(delivery).as("the task comes back over TLS").isNotNull();
            assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).isEqualTo("over tls");
            delivery.ack();
        }
    }

    @Test
    void aServerWhoseCertificateTheCaVouchesForCarriesTasks() throws Exception {
        try (Transport transport = open("localhost", server, "tls-ca=" + certs.file("ca.pem"))) {
            assertThat(transport.connected()).isTrue();
            carriesATask(transport);
        }
    }

    @Test
    void aServerOfAnotherCaIsRefusedInOneLine() {
        assertThatThrownBy(() -> open("localhost", server, "tls-ca=" + certs.file("other-ca.pem")))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessage("NATS at tls://localhost:" + server.port() + " presented a certificate this process does "
                        + "not trust: give its CA with ?tls-ca=FILE (PEM) or the JVM's trust store");
    }

    @Test
    void aHostNameTheCertificateDoesNotHoldIsRefused() {
        assertThatThrownBy(() -> open("127.0.0.1", server, "tls-ca=" + certs.file("ca.pem")))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageStartingWith("the certificate of NATS at tls://127.0.0.1:" + server.port()
                        + " is not for host 127.0.0.1")
                .message().doesNotContain("\n");
    }

    @Test
    void mutualTlsConnectsWithTheClientCertificateAndNotWithout() throws Exception {
        try (Transport transport = open("localhost", mutual, "tls-ca=" + certs.file("ca.pem") + "&tls-cert="
                + certs.file("client.pem") + "&tls-key=" + certs.file("client.key"))) {
            carriesATask(transport);
        }
        assertThatThrownBy(() -> open("localhost", mutual, "tls-ca=" + certs.file("ca.pem")))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessage("the TLS handshake with NATS at tls://localhost:" + mutual.port() + " did not finish "
                        + "within 10 s: if the server requires client certificates, give ?tls-cert=FILE&tls-key=FILE");
    }

    @Test
    void tlsFilesOnAPlainUriAreABadUri() {
        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse("nats://localhost:" + server.port() + "?tls-ca="
                + certs.file("ca.pem")), new Topology("tlsbad")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls-ca, tls-cert and tls-key are for tls://, not nats://");
    }
}
