package io.taskmill.transport.nats;

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
 * A NATS server with JetStream of the test's own, from Debian's {@code nats-server}, on a
 * free port with its store in a temporary folder, so that it can be restarted and killed
 * without touching the machine's server.
 */
public final class NatsServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/nats-server");

    private final int port;
    private final List<String> options;
    private final Path store;
    private final Path log;
    private Process process;

    public NatsServer(Path logDir) throws IOException {
        this(logDir, List.of());
    }

    /** With more command-line options of the server's: TLS, say. */
    public NatsServer(Path logDir, List<String> options) throws IOException {
        this(logDir, freePort(), options);
    }

    /** On a port chosen by the caller, who needs it before the server starts (to put a link in front of it). */
    public NatsServer(Path logDir, int port, List<String> options) throws IOException {
        this.options = List.copyOf(options);
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's nats-server package");
        }
        this.port = port;
        Files.createDirectories(logDir);
        store = Files.createTempDirectory("taskmill-nats-");
        log = logDir.resolve("nats-server-" + port + ".log");
        start();
    }

    /** A port free now, for a server or a route to listen on. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String uri() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private void start() throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(BINARY.toString(), "-a", "127.0.0.1", "-p",
                Integer.toString(port), "-js", "-sd", store.toString()));
        command.addAll(options);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(this::accepting);
    }

    private boolean accepting() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM and start again on the same port and store. */
    public void gracefulRestart() throws Exception {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        start();
    }

    /** SIGKILL and no start: a server that is gone. */
    public void kill() throws Exception {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
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
