package io.taskmill.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskmill.testing.TestCertificates;
import io.taskmill.testing.TestTopology;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.BrokerUnavailableException;
import io.taskmill.transport.Delivery;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis over TLS ({@code rediss://}), against servers of the test's own with certificates it
 * makes (openssl): one that presents a certificate for {@code localhost}, one that also
 * requires a client certificate signed by the same CA.
 */
class RedisTlsIT {

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static RedisServer server;
    private static RedisServer mutual;

    @BeforeAll
    static void startServers() throws Exception {
        certs = TestCertificates.make(dir.resolve("certs"), "tls-user");
        Path logs = Path.of("target", "redis-tls-logs");
        List<String> tls = List.of("--tls-cert-file", certs.file("server.pem").toString(), "--tls-key-file",
                certs.file("server.key").toString(), "--tls-ca-cert-file", certs.file("ca.pem").toString());
        List<String> optional = new java.util.ArrayList<>(tls);
        optional.addAll(List.of("--tls-auth-clients", "no"));
        server = new RedisServer(logs, true, optional);
        List<String> required = new java.util.ArrayList<>(tls);
        required.addAll(List.of("--tls-auth-clients", "yes"));
        mutual = new RedisServer(logs, true, required);
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

    private static String uri(RedisServer on, String host, String query) {
        return "rediss://" + host + ":" + on.tlsPort() + "?" + query;
    }

    @Test
    void theServersCertificateCheckedAgainstTheGivenCaCarriesATask() throws Exception {
        assertCarriesATask(uri(server, "localhost", "tls-ca=" + certs.file("ca.pem")));
    }

    @Test
    void aServerWhoseCertificateAnotherCaSignedIsRefusedInOneLine() {
        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse(uri(server, "localhost", "tls-ca="
                + certs.file("other-ca.pem"))), TestTopology.unique()))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("presented a certificate this process does not trust");
    }

    @Test
    void aHostTheCertificateDoesNotNameIsRefused() {
        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse(uri(server, "127.0.0.1", "tls-ca="
                + certs.file("ca.pem"))), TestTopology.unique()))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("is not for host 127.0.0.1");
    }

    @Test
    void aServerThatRequiresAClientCertificateTakesOursAndRefusesNoneInOneLine() throws Exception {
        assertCarriesATask(uri(mutual, "localhost", "tls-ca=" + certs.file("ca.pem") + "&tls-cert="
                + certs.file("client.pem") + "&tls-key=" + certs.file("client.key")));
        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse(uri(mutual, "localhost", "tls-ca="
                + certs.file("ca.pem"))), TestTopology.unique()))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("Redis at rediss://localhost:" + mutual.tlsPort() + " requires a client "
                        + "certificate").hasMessageContaining("give ?tls-cert=FILE&tls-key=FILE")
                .hasMessageNotContaining("\n");
    }

    private static void assertCarriesATask(String uri) throws Exception {
        try (Transport transport = Transports.open(BrokerAddress.parse(uri), TestTopology.unique())) {
            transport.workQueue("work").publish("over TLS".getBytes(), "t1").get(10, TimeUnit.SECONDS);
            BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
            try (Subscription ignored = transport.workQueue("work").consume(1, received::add)) {
                Delivery delivery = received.poll(10, TimeUnit.SECONDS);
                assertThat(delivery).isNotNull();
                assertThat(new String(delivery.body())).isEqualTo("over TLS");
                delivery.ack();
            }
        }
    }
}
