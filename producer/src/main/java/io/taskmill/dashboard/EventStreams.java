package io.taskmill.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The open {@code /api/events} streams. A stream holds no request thread: its handler
 * registers it and returns, and one pusher writes each snapshot to every stream. A client
 * may hold a few streams (a page or two) and all of them together a bounded number, so
 * readers cannot take the threads the page, its state and the actions are served by.
 */
final class EventStreams implements AutoCloseable {

    /** Streams one client address may hold: a few browser tabs. */
    static final int PER_CLIENT = 4;
    /** Streams held at once in all. */
    static final int IN_ALL = 256;

    private record Stream(HttpExchange exchange, InetAddress client) {
    }

    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

    /**
     * Starts a stream on {@code exchange}, or answers 429 when its client or everyone holds
     * as many as allowed. Returns without closing the exchange: the stream stays open.
     */
    void open(HttpExchange exchange) throws IOException {
        InetAddress client = exchange.getRemoteAddress().getAddress();
        if (!admit(client)) {
            byte[] body = ("{\"error\":\"too many event streams open (at most " + PER_CLIENT + " per client, "
                    + IN_ALL + " in all): close a page\"}").getBytes(StandardCharsets.UTF_8);
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(429, body.length);
                exchange.getResponseBody().write(body);
            }
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            streams.add(new Stream(exchange, client));
        } catch (IOException e) {
            release(client);
            exchange.close();
            throw e;
        }
    }

    private synchronized boolean admit(InetAddress client) {
        if (streams.size() >= IN_ALL || perClient.getOrDefault(client, 0) >= PER_CLIENT) {
            return false;
        }
        perClient.merge(client, 1, Integer::sum);
        return true;
    }

    private synchronized void release(InetAddress client) {
        perClient.computeIfPresent(client, (address, count) -> count > 1 ? count - 1 : null);
    }

    /** Writes one snapshot to every stream; a stream whose page went away is closed. */
    void push(Supplier<byte[]> snapshot) {
        if (streams.isEmpty()) {
            return;
        }
        byte[] event = ("data: " + new String(snapshot.get(), StandardCharsets.UTF_8) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        for (Stream stream : streams) {
            try {
                OutputStream out = stream.exchange().getResponseBody();
                out.write(event);
                out.flush();
            } catch (IOException e) {
                close(stream);
            }
        }
    }

    /** How many streams are open. */
    int size() {
        return streams.size();
    }

    private void close(Stream stream) {
        if (streams.remove(stream)) {
            release(stream.client());
            stream.exchange().close();
        }
    }

    @Override
    public void close() {
        streams.forEach(this::close);
    }
}
