package io.taskmill.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP forwarder on a loopback port in front of a broker, whose links a test can cut: the
 * client sees its connection drop as on a network fault, while the broker itself, shared
 * with other tests, keeps running untouched.
 */
public final class TcpCutter implements AutoCloseable {

    private final ServerSocket server;
    private final String host;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean holding;
    private volatile boolean refusing;

    private TcpCutter(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-cutter-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Forwards a fresh loopback port to {@code host:port}. */
    public static TcpCutter to(String host, int port) throws IOException {
        return new TcpCutter(host, port);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far: a client that reconnected after a cut shows here. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections refused while cut off: a client trying to reconnect shows here. */
    public int refused() {
        return refused.get();
    }

    /** Closes every link open now, both ends; new connections are forwarded as before. */
    public void cutAll() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    /**
     * Closes every link open now and every one opened until {@link #heal()}: the far end is cut
     * off from whoever connects through here, and each side sees its connections closed.
     */
    public void cutOff() {
        refusing = true;
        cutAll();
    }

    public void heal() {
        refusing = false;
    }

    /**
     * Holds what the broker sends, on every link, until {@link #releaseReplies()}: the client's requests
     * arrive and the broker acts on them, but no answer reaches the client, as when a confirm goes astray.
     */
    public void holdReplies() {
        holding = true;
    }

    public void releaseReplies() {
        holding = false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    refused.incrementAndGet();
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(host, port);
                open.add(client);
                open.add(upstream);
                if (refusing) {
                    // Cut off while this link was being made.
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                accepted.incrementAndGet();
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                // The server closed, or the broker refused one link: the client sees it and tries again.
            }
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    while (replies && holding && !to.isClosed()) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // Cut, or closed by either end.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-cutter-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
