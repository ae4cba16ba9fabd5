package io.taskmill.transport.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of the test's own, from Debian's {@code redis-server}, on a free port with
 * its append-only file in a temporary folder, fsynced before each write is answered
 * ({@code appendfsync always}), so that it can be restarted and killed without touching the
 * machine's server and without losing what it confirmed.
 */
public final class RedisServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port;
    private final int tlsPort;
    private final List<String> options;
    private final Path store;
    private final Path log;
    private Process process;

    public RedisServer(Path logDir) throws IOException {
        this(logDir, false, List.of());
    }

    /**
     * With a TLS port beside the plain one (which the test's readiness check uses) and more of
     * the server's options: its certificate, say.
     */
    public RedisServer(Path logDir, boolean tls, List<String> options) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's redis-server package");
        }
        this.port = freePort();
        this.tlsPort = tls ? freePort() : 0;
        this.options = List.copyOf(options);
        Files.createDirectories(logDir);
        store = Files.createTempDirectory("taskmill-redis-");
        log = logDir.resolve("redis-server-" + port + ".log");
        start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The TLS port, 0 without one. */
    public int tlsPort() {
        return tlsPort;
    }

    private void start() throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(BINARY.toString(), "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--dir", store.toString(), "--appendonly", "yes", "--appendfsync", "always",
                "--save", "", "--protected-mode", "no", "--daemonize", "no"));
        if (tlsPort > 0) {
            command.addAll(List.of("--tls-port", Integer.toString(tlsPort)));
        }
        command.addAll(options);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(this::answering);
    }

    /** Accepting, and done loading its append-only file: before that it answers LOADING to every command. */
    private boolean answering() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int read = socket.getInputStream().read(reply);
            return read > 0 && new String(reply, 0, read, java.nio.charset.StandardCharsets.US_ASCII)
                    .startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM (Redis flushes and exits) and start again on the same port and files. */
    public void gracefulRestart() throws Exception {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        start();
    }

    /** SIGKILL and start again: nothing shut down cleanly. */
    public void hardKillAndStart() throws Exception {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        start();
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        try (java.util.stream.Stream<Path> files = Files.walk(store)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
