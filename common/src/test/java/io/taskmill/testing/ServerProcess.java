package io.taskmill.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A broker server of a test's own, from a Debian package's binary, on a port of its own with
 * its data in a temporary folder, so that it can be restarted and killed without touching the
 * machine's server: what the NATS and Redis test servers share.
 */
public abstract class ServerProcess implements AutoCloseable {

    private final int port;
    private final Path store;
    private final Path log;
    private Process process;

    /**
     * @param kind   what the server is, for its folder and log: {@code nats}, {@code redis}
     * @param binary the server's program: one that is missing is said in one line
     */
    protected ServerProcess(String kind, Path binary, Path logDir, int port) throws IOException {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: install Debian's " + binary.getFileName()
                    + " package");
        }
        this.port = port;
        Files.createDirectories(logDir);
        this.store = Files.createTempDirectory("taskmill-" + kind + "-");
        this.log = logDir.resolve(kind + "-server-" + port + ".log");
    }

    /** A port free now, for a server or a route to listen on. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    protected Path store() {
        return store;
    }

    /** The command that starts the server. */
    protected abstract List<String> command();

    /** Whether the server takes requests now. */
    protected abstract boolean ready();

    /**
     * Starts the server and waits until it is ready: first through {@link #startFirst}, then on restarts. A server
     * that exits first fails the start with its log's last line ({@link ExitedAtStart}): its port may answer all
     * the same, held by another process that took it between {@link #freePort} and the server's own bind.
     */
    protected final void start() throws IOException {
        Process started = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process = started;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!started.isAlive()) {
                throw new ExitedAtStart(command().get(0) + " on port " + port + " exited at start: " + lastLine());
            }
            return ready();
        });
    }

    /** A server process that ended before it was ready: the port it was given was taken, say. */
    public static final class ExitedAtStart extends IllegalStateException {
        ExitedAtStart(String message) {
            super(message);
        }
    }

    private String lastLine() throws IOException {
        List<String> lines = Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "(nothing in " + log + ")" : lines.get(lines.size() - 1);
    }

    /** SIGTERM and start again on the same port and data. */
    public void gracefulRestart() throws Exception {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        start();
    }

    /** SIGKILL and no start: a server that is gone. */
    public void kill() throws Exception {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGKILL and start again: nothing shut down cleanly. */
    public void hardKillAndStart() throws Exception {
        kill();
        start();
    }

    /**
     * The first {@link #start}, from a subclass's constructor once its own fields are set: a server that does not
     * start leaves nothing behind (its process, its store), and its failure is the one reported.
     */
    protected final void startFirst() throws IOException {
        try {
            start();
        } catch (IOException | RuntimeException e) {
            try {
                close();
            } catch (Exception ignored) {
                // The start's own failure is the one to report.
            }
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        kill();
        try (Stream<Path> files = Files.walk(store)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
