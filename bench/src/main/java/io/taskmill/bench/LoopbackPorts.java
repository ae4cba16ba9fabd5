package io.taskmill.bench;

import java.io.IOException;
import java.net.ServerSocket;

/** Ports free on loopback now, for the brokers the harness starts of its own. */
final class LoopbackPorts {

    private LoopbackPorts() {
    }

    static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
