package io.taskmill.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates a TLS test makes for itself with openssl, in a folder: a CA ({@code ca.pem}),
 * the CA of somebody else ({@code other-ca.pem}), a server certificate for
 * {@code localhost} only ({@code server.pem}, {@code server.key}) and a client certificate
 * ({@code client.pem}, {@code client.key}) whose common name is the user it logs in as. Keys
 * are unencrypted PKCS#8, as Taskmill reads them.
 */
public final class TestCertificates {

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes them all in {@code dir}; the client's common name is {@code clientUser}. */
    public static TestCertificates make(Path dir, String clientUser) throws Exception {
        TestCertificates certificates = new TestCertificates(Files.createDirectories(dir));
        certificates.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                "/CN=taskmill-test-ca", "-keyout", "ca.key", "-out", "ca.pem");
        certificates.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=another-ca",
                "-keyout", "other.key", "-out", "other-ca.pem");
        certificates.signed("server", "/CN=localhost", "subjectAltName=DNS:localhost");
        certificates.signed("client", "/CN=" + clientUser, "extendedKeyUsage=clientAuth");
        return certificates;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** A key and a certificate signed by the test CA. */
    private void signed(String name, String subject, String extension) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", name + ".key", "-out",
                name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("openssl " + args[0] + " failed (is openssl installed?): " + out);
        }
    }
}
