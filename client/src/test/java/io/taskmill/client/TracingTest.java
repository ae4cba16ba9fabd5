package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.task.CompletionEvent;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With an OpenTelemetry SDK in the application: a batch's spans hang under the caller's, each task's under the batch's. */
class TracingTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;

    @BeforeEach
    void registerSdk() {
        GlobalOpenTelemetry.resetForTest();
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).buildAndRegisterGlobal();
    }

    @AfterEach
    void unregisterSdk() {
        sdk.close();
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void executeSpansAreChildrenOfThePublishSpanWhichIsAChildOfTheCallersSpan() throws Exception {
        List<CompletionEvent> events = new CopyOnWriteArrayList<>();
        Span request = sdk.getTracer("test").spanBuilder("request").startSpan();
        String batchId;
        try (Scope ignored = request.makeCurrent();
             TaskmillClient client = TaskmillClient.connect(new ClientOptions(BrokerAddress.parse("mem://tracing-"
                     + UUID.randomUUID()), Topology.defaults(), Topology.DEFAULT_QUEUE, 2,
                     ClientOptions.DEFAULT_TIME_LIMIT))) {
            BatchPublisher batch = client.openBatch();
            batchId = batch.id();
            for (int i = 0; i < 3; i++) {
                batch.submit("count", JsonNodeFactory.instance.objectNode().put("n", 10));
            }
            batch.seal();
            assertThat(batch.traceId()).isEqualTo(request.getSpanContext().getTraceId());
            JoinSummary summary = client.join(batch.id(), Duration.ofSeconds(30), p -> { }, events::add);
            assertThat(summary.succeeded()).isEqualTo(3);
        }
        request.end();

        String trace = request.getSpanContext().getTraceId();
        List<SpanData> spans = exporter.getFinishedSpanItems();
        SpanData publish = spans.stream().filter(span -> span.getKind() == SpanKind.PRODUCER).findFirst().orElseThrow();
        assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(publish.getAttributes().asMap().toString()).contains(batchId);
        List<SpanData> executions = spans.stream().filter(span -> span.getKind() == SpanKind.CONSUMER).toList();
        assertThat(executions).hasSize(3).allSatisfy(span -> {
            assertThat(span.getTraceId()).isEqualTo(trace);
            assertThat(span.getParentSpanId()).isEqualTo(publish.getSpanId());
            assertThat(span.getName()).isEqualTo("taskmill execute count");
        });
        assertThat(events).hasSize(3).allSatisfy(event -> assertThat(event.trace()).isEqualTo(trace));
    }

    @Test
    void aRetrysSpanHangsUnderTheSameParentAndLinksToTheFirstAttempt() throws Exception {
        String broker = "mem://tracing-retry-" + UUID.randomUUID();
        try (TaskmillWorker worker = TaskmillWorker.on(broker).concurrency(1).maxAttempts(2).handler("twice", task -> {
                    if (task.attempt() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    return null;
                }).start();
             TaskmillClient client = TaskmillClient.connect(new ClientOptions(BrokerAddress.parse(broker),
                     Topology.defaults(), Topology.DEFAULT_QUEUE, 0, ClientOptions.DEFAULT_TIME_LIMIT))) {
            BatchPublisher batch = client.openBatch();
            batch.submit("twice", JsonNodeFactory.instance.objectNode());
            batch.seal();
            assertThat(client.join(batch.id(), Duration.ofSeconds(30), p -> { }, r -> { }).succeeded()).isEqualTo(1);
            assertThat(worker.running()).isTrue();
        }
        List<SpanData> executions = exporter.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.CONSUMER).toList();
        assertThat(executions).hasSize(2);
        SpanData first = executions.stream().filter(span -> attempt(span) == 1).findFirst().orElseThrow();
        SpanData retry = executions.stream().filter(span -> attempt(span) == 2).findFirst().orElseThrow();
        assertThat(retry.getParentSpanId()).isEqualTo(first.getParentSpanId());
        assertThat(retry.getLinks()).singleElement().satisfies(link ->
                assertThat(link.getSpanContext().getSpanId()).isEqualTo(first.getSpanId()));
        assertThat(first.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
    }

    private static long attempt(SpanData span) {
        return span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("taskmill.attempt"));
    }
}
