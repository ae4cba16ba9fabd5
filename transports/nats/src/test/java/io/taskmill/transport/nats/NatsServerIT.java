package io.taskmill.transport.nats;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskmill.testing.ServerProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tests' own NATS server: one that cannot have its port says so, instead of passing for ready. */
class NatsServerIT {

    @Test
    void aServerWhosePortIsTakenFailsItsStartWithTheServersOwnWords() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // The port answers (this socket accepts): only the server's exit tells that it is not the server.
            assertThatThrownBy(() -> new NatsServer(Path.of("target", "nats-logs").toAbsolutePath(),
                    taken.getLocalPort(), List.of()))
                    .isInstanceOf(ServerProcess.ExitedAtStart.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " exited at start")
                    .hasMessageContaining("address already in use");
        }
    }
}
