package io.taskmill.transport.nats;

import io.taskmill.testing.ServerProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A NATS server with JetStream of the test's own, from Debian's {@code nats-server}, on a
 * free port with its store in a temporary folder, so that it can be restarted and killed
 * without touching the machine's server.
 */
public final class NatsServer extends ServerProcess {

    private static final Path BINARY = Path.of("/usr/sbin/nats-server");

    private final List<String> options;

    public NatsServer(Path logDir) throws IOException {
        this(logDir, List.of());
    }

    /** With more command-line options of the server's: TLS, say. */
    public NatsServer(Path logDir, List<String> options) throws IOException {
        this(logDir, freePort(), options);
    }

    /** On a port chosen by the caller, who needs it before the server starts (to put a link in front of it). */
    public NatsServer(Path logDir, int port, List<String> options) throws IOException {
        super("nats", BINARY, logDir, port);
        this.options = List.copyOf(options);
        startFirst();
    }

    public String uri() {
        return "nats://127.0.0.1:" + port();
    }

    @Override
    protected List<String> command() {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-a", "127.0.0.1", "-p",
                Integer.toString(port()), "-js", "-sd", store().toString()));
        command.addAll(options);
        return command;
    }

    @Override
    protected boolean ready() {
        try (Socket ignored = new Socket("127.0.0.1", port())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
