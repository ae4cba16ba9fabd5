package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trace id the producer sets reaches the handler's log lines and the completion events, across processes. */
class TracingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @TempDir
    Path dir;

    @Test
    void theProducersTraceIdIsInTheHandlersJsonLogLinesAndInTheCompletionEvents() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Jars.faultTasks(), plugins.resolve("fault-tasks.jar"), StandardCopyOption.REPLACE_EXISTING);
        Path payloads = dir.resolve("three.jsonl");
        Files.write(payloads, Collections.nCopies(3, "{}"));
        Path results = dir.resolve("results.jsonl");
        try (Deployment deployment = new Deployment("tracing")) {
            ConsumerProcess consumer = deployment.startConsumer("json", "--plugins", plugins.toString(),
                    "--log-format", "json");
            CliProcess.Result submit = deployment.cli("submit", Duration.ofMinutes(1), "submit", "--type", "chatty",
                    "--payloads", payloads.toString(), "--traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01");
            String batch = submit.out().strip();
            assertThat(submit.err()).contains("(trace " + TRACE + ")");
            deployment.cli("join", Duration.ofMinutes(1), "join", batch, "--results", results.toString());

            assertThat(Files.readAllLines(results)).hasSize(3).allSatisfy(line ->
                    assertThat(JSON.readTree(line).path("trace").asText()).isEqualTo(TRACE));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(handlerLines(consumer))
                    .hasSize(3).allSatisfy(line -> {
                        assertThat(line.path("mdc").path("traceId").asText()).isEqualTo(TRACE);
                        assertThat(line.path("mdc").path("batch").asText()).isEqualTo(batch);
                        assertThat(line.path("mdc").path("taskId").asText()).startsWith(batch + ":");
                    }));
        }
    }

    @Test
    void aBatchOutsideAnyTraceGetsATraceOfItsOwnSharedByItsTasks() throws Exception {
        Path payloads = dir.resolve("two.jsonl");
        Files.write(payloads, Collections.nCopies(2, "{\"n\": 10}"));
        Path results = dir.resolve("results.jsonl");
        try (Deployment deployment = new Deployment("tracing-own")) {
            deployment.startConsumer("plain");
            CliProcess.Result submit = deployment.cli("submit", Duration.ofMinutes(1), "submit", "--type", "count",
                    "--payloads", payloads.toString(), "--chunk", "1");
            deployment.cli("join", Duration.ofMinutes(1), "join", submit.out().strip(), "--results", results.toString());
            List<String> traces = new ArrayList<>();
            for (String line : Files.readAllLines(results)) {
                traces.add(JSON.readTree(line).path("trace").asText());
            }
            assertThat(traces).hasSize(2).allMatch(trace -> trace.matches("[0-9a-f]{32}"));
            assertThat(traces.get(0)).isEqualTo(traces.get(1));
            assertThat(submit.err()).contains("(trace " + traces.get(0) + ")");
        }
    }

    private static List<JsonNode> handlerLines(ConsumerProcess consumer) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : consumer.output().lines().toList()) {
            if (line.startsWith("{")) {
                JsonNode entry = JSON.readTree(line);
                if ("chatty task says hello".equals(entry.path("formattedMessage").asText())) {
                    lines.add(entry);
                }
            }
        }
        return lines;
    }
}
