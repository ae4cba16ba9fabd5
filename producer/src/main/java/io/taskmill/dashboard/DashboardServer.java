package io.taskmill.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.NoSuchBatchException;
import io.taskmill.task.BatchId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard over HTTP: the page, its data as JSON and as server-sent events (a
 * snapshot a second), and the actions that change something — cancel a batch, replay or
 * purge dead letters — which need the token given at start in an {@code X-Taskmill-Token}
 * header. A browser never sends that header to another origin without asking, and nothing
 * here answers such a question, so another site cannot make a visitor's browser act.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    static final String TOKEN_HEADER = "X-Taskmill-Token";
    private static final Duration PUSH_EVERY = Duration.ofSeconds(1);
    /** Requests in progress at once; event streams hold none (see {@link EventStreams}). */
    private static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService threads;
    private final EventStreams streams = new EventStreams();
    private final ScheduledExecutorService pusher;
    private final DashboardData data;
    private final TaskmillClient client;
    private final byte[] token;
    private final ObjectMapper json;

    DashboardServer(String host, int port, TaskmillClient client, DashboardData data, String token,
                    Set<String> hosts) {
        this.client = client;
        this.data = data;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.json = client.codec().mapper();
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        threads = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "taskmill-dashboard");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        HostCheck hostCheck = new HostCheck(host, hosts);
        context("/", this::page, hostCheck);
        context("/api/state", exchange -> send(exchange, 200, "application/json", state()), hostCheck);
        context("/api/events", streams::open, hostCheck);
        context("/api/batches/cancel", exchange -> act(exchange, params -> {
            String batch = params.get("batch");
            BatchId.requireValid(batch);
            client.cancel(batch);
            return "cancelled " + batch;
        }), hostCheck);
        context("/api/dead-letters/replay", exchange -> act(exchange, params -> {
            String id = params.get("id");
            int replayed = client.deadLetters().replay(entry -> id == null || id.equals(entry.id()));
            data.deadLettersChanged();
            return "replayed " + replayed;
        }), hostCheck);
        context("/api/dead-letters/purge", exchange -> act(exchange, params -> {
            long purged = client.deadLetters().purge();
            data.deadLettersChanged();
            return "purged " + purged;
        }), hostCheck);
        pusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskmill-dashboard-push");
            thread.setDaemon(true);
            return thread;
        });
        pusher.scheduleWithFixedDelay(() -> streams.push(this::snapshot), 0, PUSH_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        server.start();
    }

    private void context(String path, HttpHandler handler, HostCheck hostCheck) {
        server.createContext(path, handler).getFilters().add(hostCheck);
    }

    /** How many event streams are open now. */
    int eventStreams() {
        return streams.size();
    }

    private byte[] snapshot() {
        try {
            return state();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private byte[] state() throws IOException {
        return json.writeValueAsBytes(data.latest());
    }

    private void page(HttpExchange exchange) throws IOException {
        if (!"/".equals(exchange.getRequestURI().getPath())) {
            send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream html = DashboardServer.class.getResourceAsStream("index.html")) {
            send(exchange, 200, "text/html; charset=utf-8", html.readAllBytes());
        }
    }

    @FunctionalInterface
    private interface Action {
        String run(Map<String, String> params) throws InterruptedException;
    }

    private void act(HttpExchange exchange, Action action) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "text/plain", "POST only".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String given = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            send(exchange, 403, "application/json", "{\"error\":\"a valid token is needed for this\"}"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
        try {
            String done = action.run(params);
            LOG.info("dashboard: {}", done);
            send(exchange, 200, "application/json", json.writeValueAsBytes(Map.of("done", done)));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, "application/json", json.writeValueAsBytes(Map.of("error",
                    String.valueOf(e.getMessage()))));
        } catch (NoSuchBatchException e) {
            send(exchange, 404, "application/json", json.writeValueAsBytes(Map.of("error",
                    String.valueOf(e.getMessage()))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, "application/json", json.writeValueAsBytes(Map.of("error", "the dashboard is stopping")));
        } catch (RuntimeException e) {
            LOG.warn("dashboard action failed: {}", e.getMessage());
            send(exchange, 502, "application/json", json.writeValueAsBytes(Map.of("error",
                    String.valueOf(e.getMessage()))));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        pusher.shutdownNow();
        streams.close();
        server.stop(0);
        threads.shutdownNow();
    }
}
