package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.testing.TestCertificates;
import io.taskmill.transport.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.MountableFile;

/**
 * TLS against a real listener: a RabbitMQ of its own in a container, with certificates this
 * suite makes (openssl): a trusted certificate connects, an untrusted one and a wrong host
 * name are refused in one line, and a consumer and the CLI run a batch over mutual TLS,
 * logged in by their certificate (EXTERNAL) with no password at all — the broker's guest
 * user is deleted, so nothing gets in with a password it did not give.
 */
class TlsIT {

    private static final String USER = "tls-user";
    private static final String PASSWORD_USER = "plain-user";

    @TempDir
    static Path certs;
    private static String password;
    private static RabbitMQContainer broker;

    @BeforeAll
    static void startBroker() throws Exception {
        DockerRequirement.require("TlsIT");
        TestCertificates.make(certs, USER);
        Files.writeString(certs.resolve("rabbitmq.conf"), String.join("\n",
                "loopback_users = none", "log.console = true", "log.console.level = info", "log.file = false",
                "listeners.tcp.default = 5672", "listeners.ssl.default = 5671",
                "ssl_options.cacertfile = /etc/rabbitmq/tls/ca.pem",
                "ssl_options.certfile = /etc/rabbitmq/tls/server.pem",
                "ssl_options.keyfile = /etc/rabbitmq/tls/server.key",
                "ssl_options.verify = verify_peer", "ssl_options.fail_if_no_peer_cert = false",
                "auth_mechanisms.1 = PLAIN", "auth_mechanisms.2 = AMQPLAIN", "auth_mechanisms.3 = EXTERNAL",
                "ssl_cert_login_from = common_name", ""));
        Files.writeString(certs.resolve("enabled_plugins"),
                "[rabbitmq_management,rabbitmq_prometheus,rabbitmq_auth_mechanism_ssl].\n");
        broker = ContainerBroker.create()
                .withRabbitMQConfigSysctl(MountableFile.forHostPath(certs.resolve("rabbitmq.conf")))
                .withCopyFileToContainer(MountableFile.forHostPath(certs.resolve("enabled_plugins"), 0644),
                        "/etc/rabbitmq/enabled_plugins");
        for (String file : List.of("ca.pem", "server.pem", "server.key")) {
            broker.withCopyFileToContainer(MountableFile.forHostPath(certs.resolve(file), 0644),
                    "/etc/rabbitmq/tls/" + file);
        }
        broker.start();
        password = "pw-" + UUID.randomUUID();
        rabbitmqctl("add_user", USER, "unused-" + UUID.randomUUID());
        rabbitmqctl("set_permissions", "-p", "/", USER, ".*", ".*", ".*");
        rabbitmqctl("add_user", PASSWORD_USER, password);
        rabbitmqctl("set_permissions", "-p", "/", PASSWORD_USER, ".*", ".*", ".*");
        rabbitmqctl("delete_user", "guest");
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void aCertificateSignedByTheGivenCaConnects() throws Exception {
        CliProcess.Result status = status(passwordUri("localhost", "tls-ca=" + certs.resolve("ca.pem")));
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("broker amqps://" + PASSWORD_USER + ":***@localhost:");
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedInOneLine() throws Exception {
        CliProcess.Result status = status(passwordUri("localhost", "tls-ca=" + certs.resolve("other-ca.pem")));
        assertThat(status.exitCode()).isEqualTo(69);
        assertThat(lastLine(status)).startsWith("taskmill: RabbitMQ at amqps://" + PASSWORD_USER + ":***@localhost:")
                .contains("presented a certificate this process does not trust");
        assertThat(status.err()).doesNotContain(password);
    }

    @Test
    void aHostNameTheCertificateDoesNotHoldIsRefusedInOneLine() throws Exception {
        CliProcess.Result status = status(passwordUri("127.0.0.1", "tls-ca=" + certs.resolve("ca.pem")));
        assertThat(status.exitCode()).isEqualTo(69);
        assertThat(lastLine(status)).contains("is not for host 127.0.0.1");
    }

    @Test
    void aConsumerAndTheCliRunABatchOverMutualTlsLoggedInByTheirCertificate() throws Exception {
        String uri = "amqps://localhost:" + broker.getAmqpsPort() + "?tls-ca=" + certs.resolve("ca.pem")
                + "&tls-cert=" + certs.resolve("client.pem") + "&tls-key=" + certs.resolve("client.key")
                + "&auth_mechanism=external";
        Topology topology = new Topology("taskmill.tls");
        Path logs = certs.resolve("logs");
        try (ConsumerProcess consumer = ConsumerProcess.start(uri, topology.prefix(), logs.resolve("consumer.log"),
                "--concurrency", "2")) {
            assertThat(consumer.output()).contains("started worker").contains("amqps://localhost:");
            CliProcess.Result run = CliProcess.run(logs, "submit", Duration.ofMinutes(1), "submit", "--type", "noop",
                    "--payloads", writeLines(20).toString(), "--join", "--json", "--broker", uri, "--prefix",
                    topology.prefix());
            assertThat(run.exitCode()).as(run.err()).isZero();
            String summary = run.out().strip().lines().reduce((first, last) -> last).orElseThrow();
            assertThat(new ObjectMapper().readTree(summary).get("succeeded").asLong()).isEqualTo(20);
        }
        CliProcess.Result plain = status("amqps://localhost:" + broker.getAmqpsPort() + "?tls-ca="
                + certs.resolve("ca.pem"));
        assertThat(plain.exitCode()).as("no certificate, no password: not let in").isEqualTo(69);
        assertThat(lastLine(plain)).contains("refused the login");
    }

    private static String passwordUri(String host, String query) {
        return "amqps://" + PASSWORD_USER + ":" + password + "@" + host + ":" + broker.getAmqpsPort() + "?" + query;
    }

    private static CliProcess.Result status(String uri) throws Exception {
        return CliProcess.run(certs.resolve("logs"), "status-" + UUID.randomUUID(), Duration.ofMinutes(1), "status",
                "--broker", uri, "--prefix", "taskmill.tls");
    }

    private static String lastLine(CliProcess.Result result) {
        return result.err().strip().lines().reduce((first, last) -> last).orElse("");
    }

    private static Path writeLines(int count) throws Exception {
        Path file = certs.resolve("noops.jsonl");
        Files.write(file, java.util.Collections.nCopies(count, "{}"));
        return file;
    }

    private static void rabbitmqctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(args));
        var result = broker.execInContainer(command.toArray(String[]::new));
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("rabbitmqctl " + args[0] + " failed: " + result.getStderr());
        }
    }
}
