package io.taskmill.transport.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.BrokerUnavailableException;
import io.taskmill.transport.TlsFiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens connections to the primary a broker URI names: of several hosts, the first that
 * answers as a primary (a replica takes no writes). Every connection of a transport goes to
 * that server, and the client reconnects to it by itself after a loss.
 */
final class RedisConnector implements AutoCloseable {

    /** Keys are names, values the bytes of tasks and entries. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    /** How long a command may wait for its answer; a blocking read asks for less. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final int DEFAULT_PORT = 6379;

    private final BrokerAddress address;
    private final RedisClient client;
    private final RedisURI primary;

    RedisConnector(BrokerAddress address, TlsFiles tls) {
        this.address = address;
        this.client = RedisClient.create();
        client.setOptions(options(tls));
        try {
            this.primary = primary(address);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static ClientOptions options(TlsFiles tls) {
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(true)
                // RESP2: the replies of XINFO and XPENDING keep one shape whatever the server speaks.
                .protocolVersion(ProtocolVersion.RESP2)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(10)).keepAlive(true).build());
        if (!tls.equals(TlsFiles.NONE)) {
            SslOptions.Builder ssl = SslOptions.builder();
            if (tls.ca() != null) {
                ssl.trustManager(tls.ca().toFile());
            }
            if (tls.cert() != null) {
                ssl.keyManager(tls.cert().toFile(), tls.key().toFile(), null);
            }
            options.sslOptions(ssl.build());
        }
        return options.build();
    }

    /** The first host that answers as a primary; one line naming why none did. */
    private RedisURI primary(BrokerAddress address) {
        List<String> problems = new ArrayList<>();
        RuntimeException last = null;
        for (BrokerAddress.Host host : address.hosts()) {
            RedisURI uri = uri(address, host);
            try (StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC, uri)) {
                String replication = connection.sync().info("replication");
                if (replication.contains("role:master")) {
                    return uri;
                }
                problems.add(host + " is a replica");
            } catch (RedisException e) {
                Optional<String> tls = TlsFiles.handshakeProblem("Redis", address, e);
                if (tls.isPresent()) {
                    throw new BrokerUnavailableException(tls.get(), e);
                }
                if (refusedLogin(e)) {
                    throw new BrokerUnavailableException("Redis at " + address + " refused the login: check the "
                            + "user and password in the URI", e);
                }
                problems.add(host + ": " + rootMessage(e));
                last = e;
            }
        }
        throw new BrokerUnavailableException("cannot reach a Redis primary at " + address + " (" + String.join("; ",
                problems) + "): is the server running and the URI right?", last);
    }

    private static boolean refusedLogin(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("WRONGPASS") || message.contains("NOAUTH") || message.contains("NOPERM")) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's words: the client wraps them twice. Never the URI's password, which it never sees. */
    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** The host, port, database, login and TLS of {@code redis://user:password@host:6379/0}. */
    private static RedisURI uri(BrokerAddress address, BrokerAddress.Host host) {
        RedisURI.Builder uri = RedisURI.builder().withHost(host.name())
                .withPort(host.port() > 0 ? host.port() : DEFAULT_PORT)
                .withTimeout(COMMAND_TIMEOUT)
                .withDatabase(database(address))
                .withClientName("taskmill");
        if (RedisOptions.TLS_SCHEME.equals(address.scheme())) {
            uri.withSsl(true).withVerifyPeer(true);
        }
        String info = address.uri().getUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            String user = colon < 0 ? info : info.substring(0, colon);
            char[] password = colon < 0 ? new char[0] : info.substring(colon + 1).toCharArray();
            if (user.isEmpty()) {
                uri.withPassword(password);
            } else {
                uri.withAuthentication(user, password);
            }
        }
        return uri.build();
    }

    /** The path names the database: {@code /0} to {@code /15}, none for 0. */
    private static int database(BrokerAddress address) {
        String path = address.uri().getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        try {
            int database = Integer.parseInt(path.substring(1));
            if (database >= 0) {
                return database;
            }
        } catch (NumberFormatException e) {
            // Said below, in the URI's words.
        }
        throw new IllegalArgumentException("bad broker URI " + address + ": the path names the database, a number "
                + "like /0, was '" + path + "'");
    }

    /** A connection of its own: what a blocking read needs, since it holds its connection while it waits. */
    StatefulRedisConnection<String, byte[]> connect() {
        return client.connect(CODEC, primary);
    }

    BrokerAddress address() {
        return address;
    }

    @Override
    public void close() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
