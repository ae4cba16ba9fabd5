package io.taskmill.transport.redis;

import io.taskmill.testing.ServerProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis server of the test's own, from Debian's {@code redis-server}, on a free port with
 * its append-only file in a temporary folder, fsynced before each write is answered
 * ({@code appendfsync always}), so that it can be restarted and killed without touching the
 * machine's server and without losing what it confirmed.
 */
public final class RedisServer extends ServerProcess {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int tlsPort;
    private final List<String> options;

    public RedisServer(Path logDir) throws IOException {
        this(logDir, false, List.of());
    }

    /**
     * With a TLS port beside the plain one (which the test's readiness check uses) and more of
     * the server's options: its certificate, say.
     */
    public RedisServer(Path logDir, boolean tls, List<String> options) throws IOException {
        super("redis", BINARY, logDir, freePort());
        this.tlsPort = tls ? freePort() : 0;
        this.options = List.copyOf(options);
        startFirst();
    }

    public String uri() {
        return "redis://127.0.0.1:" + port();
    }

    /** The TLS port, 0 without one. */
    public int tlsPort() {
        return tlsPort;
    }

    @Override
    protected List<String> command() {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--bind", "127.0.0.1", "--port",
                Integer.toString(port()), "--dir", store().toString(), "--appendonly", "yes", "--appendfsync",
                "always", "--save", "", "--protected-mode", "no", "--daemonize", "no"));
        if (tlsPort > 0) {
            command.addAll(List.of("--tls-port", Integer.toString(tlsPort)));
        }
        command.addAll(options);
        return command;
    }

    /** Accepting, and done loading its append-only file: before that it answers LOADING to every command. */
    @Override
    protected boolean ready() {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int read = socket.getInputStream().read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
