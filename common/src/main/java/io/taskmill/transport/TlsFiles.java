package io.taskmill.transport;

import io.taskmill.security.SecretFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS from PEM files named in a broker URI's query ({@code amqps://}, NATS's {@code tls://}):
 * {@code tls-ca} (the certificates to trust, instead of the JVM's trust store), and
 * {@code tls-cert} with {@code tls-key} (this process's certificate chain and its unencrypted
 * PKCS#8 key) for mutual TLS. Without any, the JVM's own trust store
 * ({@code javax.net.ssl.trustStore}) decides.
 */
public record TlsFiles(Path ca, Path cert, Path key) {

    public static final TlsFiles NONE = new TlsFiles(null, null, null);
    /** The query parameters that name the files. */
    public static final Set<String> PARAMETERS = Set.of("tls-ca", "tls-cert", "tls-key");

    public TlsFiles {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("tls-cert and tls-key go together: a certificate and its key");
        }
    }

    /**
     * The files a URI names, for a transport whose TLS scheme is {@code secureScheme}.
     *
     * @throws IllegalArgumentException for a file that cannot be read, or files given to a
     *                                  URI of another scheme
     */
    public static TlsFiles of(UriOptions uri, BrokerAddress address, String secureScheme) {
        TlsFiles tls = new TlsFiles(path(uri, "tls-ca"), path(uri, "tls-cert"), path(uri, "tls-key"));
        if (!tls.equals(NONE) && !secureScheme.equals(address.scheme())) {
            throw new IllegalArgumentException("tls-ca, tls-cert and tls-key are for " + secureScheme + "://, not "
                    + address.scheme() + "://");
        }
        return tls;
    }

    private static Path path(UriOptions uri, String name) {
        String value = uri.text(name, "");
        if (value.isEmpty()) {
            return null;
        }
        Path file = Path.of(value);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(name + " names no readable file: " + value);
        }
        return file;
    }

    /**
     * What went wrong in a TLS handshake somewhere in {@code failure}'s causes, in the
     * operator's words; empty when no handshake failed.
     *
     * @param broker the broker's kind, as the operator calls it: RabbitMQ, NATS
     */
    public static Optional<String> handshakeProblem(String broker, BrokerAddress address, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException handshake) {
                return Optional.of(describe(broker, address, String.valueOf(handshake.getMessage())));
            }
        }
        return Optional.empty();
    }

    private static String describe(String broker, BrokerAddress address, String detail) {
        if (detail.contains("No subject alternative") || detail.contains("No name matching")) {
            return "the certificate of " + broker + " at " + address + " is not for host " + address.uri().getHost()
                    + " (" + detail + "): connect by a name the certificate holds";
        }
        if (detail.contains("PKIX") || detail.contains("certification path")) {
            return broker + " at " + address + " presented a certificate this process does not trust: give its CA "
                    + "with ?tls-ca=FILE (PEM) or the JVM's trust store";
        }
        if (detail.contains("certificate_required")) {
            return broker + " at " + address + " requires a client certificate (" + detail + "): give "
                    + "?tls-cert=FILE&tls-key=FILE";
        }
        return "the TLS handshake with " + broker + " at " + address + " failed: " + detail;
    }

    public SSLContext context() {
        if (equals(NONE)) {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JVM has no default TLS context", e);
            }
        }
        try {
            TrustManagerFactory trust = null;
            if (ca != null) {
                KeyStore store = emptyStore();
                int n = 0;
                for (Certificate certificate : certificates(ca)) {
                    store.setCertificateEntry("ca-" + n++, certificate);
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
            }
            KeyManagerFactory keys = null;
            if (cert != null) {
                KeyStore store = emptyStore();
                store.setKeyEntry("me", privateKey(key), new char[0],
                        certificates(cert).toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS files of the broker URI: " + e.getMessage());
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        return store;
    }

    private static Collection<? extends Certificate> certificates(Path pem) throws IOException,
            GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> found = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (found.isEmpty()) {
                throw new GeneralSecurityException(pem + " holds no certificate");
            }
            return found;
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        SecretFiles.warnIfShared(pem, "the TLS private key");
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(pem + " is not an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----; "
                    + "convert one with: openssl pkcs8 -topk8 -nocrypt)");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Not this algorithm: try the next.
            }
        }
        throw new GeneralSecurityException(pem + " holds a key of an algorithm other than RSA, EC or Ed25519");
    }
}
