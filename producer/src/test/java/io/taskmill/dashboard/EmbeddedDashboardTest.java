package io.taskmill.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.BatchPublisher;
import io.taskmill.client.ClientOptions;
import io.taskmill.client.TaskmillClient;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The dashboard served by an application on the in-JVM transport, its workers embedded. */
class EmbeddedDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "embedded-dashboard-token";
    private final HttpClient http = HttpClient.newHttpClient();

    /** A client on an in-JVM broker of its own, with this many embedded worker threads (0: none). */
    private static TaskmillClient embedded(int workers) {
        return TaskmillClient.connect(new ClientOptions(BrokerAddress.parse("mem://dashboard-" + UUID.randomUUID()),
                Topology.defaults(), Topology.DEFAULT_QUEUE, workers, ClientOptions.DEFAULT_TIME_LIMIT));
    }

    private static Dashboard dashboard(TaskmillClient client) {
        return dashboard(client, Set.of());
    }

    /** Served on a free port of the loopback, answering these host names too. */
    private static Dashboard dashboard(TaskmillClient client, Set<String> hosts) {
        return Dashboard.start(client, Topology.DEFAULT_QUEUE, "127.0.0.1", 0, Duration.ofHours(1), TOKEN, hosts,
                Clock.systemUTC());
    }

    @Test
    void showsTheBatchAndTheEmbeddedWorkerAndActsOnlyWithTheToken() throws Exception {
        try (TaskmillClient client = embedded(2);
             Dashboard dashboard = dashboard(client)) {
            BatchPublisher batch = client.openBatch();
            for (int i = 0; i < 5; i++) {
                batch.submit("count", JsonNodeFactory.instance.objectNode().put("n", 1000));
            }
            batch.seal();
            String base = "http://127.0.0.1:" + dashboard.port();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode state = JSON.readTree(get(base + "/api/state"));
                assertThat(state.get("workers")).hasSize(1);
                assertThat(state.get("workers").get(0).get("concurrency").asInt()).isEqualTo(2);
                // Waited for, not taken for granted: the first snapshot may come before the batch's first event.
                assertThat(state.get("batches")).isNotEmpty();
                JsonNode row = state.get("batches").get(0);
                assertThat(row.get("batch").asText()).isEqualTo(batch.id());
                assertThat(row.get("succeeded").asLong()).isEqualTo(5);
                assertThat(row.get("state").asText()).isEqualTo("succeeded");
            });
            assertThat(get(base + "/")).contains("<title>Taskmill dashboard</title>");
            assertThat(post(base + "/api/dead-letters/purge", null)).isEqualTo(403);
            assertThat(post(base + "/api/dead-letters/purge", "wrong-" + TOKEN)).isEqualTo(403);
            assertThat(post(base + "/api/dead-letters/purge", TOKEN)).isEqualTo(200);
        }
    }

    /** A workflow's batches say their place in it and what comes after, from the control log. */
    @Test
    void aWorkflowsStepsShowTheirPlaceAndWhatComesAfter() throws Exception {
        try (TaskmillClient client = embedded(2);
             Dashboard dashboard = dashboard(client)) {
            BatchPublisher batch = client.openBatch();
            batch.submit("count", JsonNodeFactory.instance.objectNode().put("n", 1000));
            batch.then(io.taskmill.task.Callback.summary("noop", null, Topology.DEFAULT_QUEUE)
                    .then(io.taskmill.task.Callback.result("noop", Topology.DEFAULT_QUEUE))).seal();
            String base = "http://127.0.0.1:" + dashboard.port();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode state = JSON.readTree(get(base + "/api/state"));
                assertThat(state.get("batches")).hasSize(2);
                Map<Integer, JsonNode> byStep = new TreeMap<>();
                state.get("batches").forEach(row -> byStep.put(row.at("/workflow/step").asInt(), row));
                assertThat(byStep.keySet()).containsExactly(1, 2);
                assertThat(byStep.get(1).get("batch").asText()).isEqualTo(batch.id());
                assertThat(byStep.get(1).at("/workflow/id").asText()).isEqualTo(batch.id());
                assertThat(byStep.get(1).at("/workflow/next").asText()).isEqualTo("noop");
                assertThat(byStep.get(1).at("/workflow/nextBatch").asText())
                        .isEqualTo(byStep.get(2).get("batch").asText());
                assertThat(byStep.get(2).at("/workflow/id").asText()).isEqualTo(batch.id());
                // noop returns nothing: the third step has no input and never runs, which the second row says.
                assertThat(byStep.get(2).at("/workflow/stopped").asText()).contains("returned no result");
            });
        }
    }

    /** A minute's sleep tells the milliseconds it slept: its batch's row carries it, and so does the queue's status. */
    @Test
    void aRunningTasksProgressIsShownWithItsBatch() throws Exception {
        try (TaskmillClient client = embedded(1);
             Dashboard dashboard = dashboard(client)) {
            BatchPublisher batch = client.openBatch();
            batch.submit("sleep", JsonNodeFactory.instance.objectNode().put("ms", 60_000));
            batch.seal();
            String base = "http://127.0.0.1:" + dashboard.port();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode state = JSON.readTree(get(base + "/api/state"));
                assertThat(state.get("batches")).isNotEmpty();
                JsonNode running = state.get("batches").get(0).get("running");
                assertThat(running).hasSize(1);
                assertThat(running.get(0).get("id").asText()).isEqualTo(batch.id() + ":0");
                assertThat(running.get(0).get("total").asLong()).isEqualTo(60_000);
                assertThat(running.get(0).get("done").asLong()).isPositive();
                assertThat(state.get("queue").get("running")).hasSize(1);
            });
            assertThat(get(base + "/")).contains("said.className = \"said mono\"");
            client.cancel(batch.id());
        }
    }

    /** A queue nobody consumes is said so above the cards, in the words the CLI's hints use. */
    @Test
    void aQueueWithNoConsumerIsSaidSo() throws Exception {
        try (TaskmillClient client = embedded(0);
             Dashboard dashboard = dashboard(client)) {
            BatchPublisher batch = client.openBatch();
            batch.submit("noop", JsonNodeFactory.instance.objectNode());
            batch.seal();
            String base = "http://127.0.0.1:" + dashboard.port();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(JSON.readTree(get(base + "/api/state"))
                    .path("hint").asText()).isEqualTo("no consumer on queue default (0 live workers): its tasks wait "
                    + "until one starts (bin/taskmill-consumer --queue default)"));
            assertThat(get(base + "/")).contains("<div id=\"hint\"></div>");
        }
    }

    @Test
    void eventStreamsHoldNoThreadSoManyOfThemLockNobodyOutAndAForeignHostNameIsRefused() throws Exception {
        try (TaskmillClient client = embedded(1);
             Dashboard dashboard = dashboard(client, Set.of("dash.example"))) {
            List<Socket> streams = new ArrayList<>();
            try {
                Map<Integer, Long> statuses = new TreeMap<>();
                for (int i = 0; i < 40; i++) {
                    Socket stream = new Socket(InetAddress.getLoopbackAddress(), dashboard.port());
                    streams.add(stream);
                    statuses.merge(status(stream, "/api/events", "127.0.0.1"), 1L, Long::sum);
                }
                assertThat(statuses).containsOnlyKeys(200, 429).containsEntry(200, (long) EventStreams.PER_CLIENT);
                String base = "http://127.0.0.1:" + dashboard.port();
                HttpRequest state = HttpRequest.newBuilder(URI.create(base + "/api/state"))
                        .timeout(Duration.ofSeconds(20)).build();
                assertThat(http.send(state, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                assertThat(get(base + "/")).contains("<title>Taskmill dashboard</title>");
                assertThat(post(base + "/api/dead-letters/purge", TOKEN)).isEqualTo(200);
            } finally {
                for (Socket stream : streams) {
                    stream.close();
                }
            }
            for (String path : new String[] {"/", "/api/state", "/api/events"}) {
                try (Socket rebound = new Socket(InetAddress.getLoopbackAddress(), dashboard.port())) {
                    assertThat(status(rebound, path, "evil.example:" + dashboard.port())).as(path).isEqualTo(421);
                }
            }
            try (Socket named = new Socket(InetAddress.getLoopbackAddress(), dashboard.port())) {
                assertThat(status(named, "/api/state", "DASH.example")).isEqualTo(200);
            }
        }
    }

    /** Sends a request with this Host header, which the JDK's client does not let a caller set. */
    private static int status(Socket socket, String path, String host) throws Exception {
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        return Integer.parseInt(line.split(" ")[1]);
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private int post(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header(DashboardServer.TOKEN_HEADER, token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
