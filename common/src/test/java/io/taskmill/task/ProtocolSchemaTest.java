package io.taskmill.task;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the codec writes is what docs/protocol says, and what the schemas refuse the codec refuses too. */
class ProtocolSchemaTest {

    private static final Path SCHEMAS = Path.of("..", "docs", "protocol");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TaskCodec codec = new TaskCodec();
    private final String batch = BatchId.create(Instant.now());
    private final Schema envelopes = schema("task-envelope.schema.json");
    private final Schema events = schema("event.schema.json");

    private static Schema schema(String file) {
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(Files.readString(SCHEMAS.resolve(file)));
        } catch (IOException e) {
            throw new AssertionError("the schema " + SCHEMAS.resolve(file).toAbsolutePath() + " cannot be read", e);
        }
    }

    private static List<Error> errors(Schema schema, byte[] message) throws IOException {
        return schema.validate(JSON.readTree(message));
    }

    @Test
    void everyKindOfTaskMessageMatchesTheEnvelopeSchema() throws Exception {
        List<TaskEnvelope> written = List.of(
                TaskEnvelope.create(new TaskId(batch, 0), "count", NODES.objectNode().put("n", 1000), 60_000, 1L),
                TaskEnvelope.chunk(new TaskId(batch, 1), "sha512", List.of(NODES.objectNode().put("path", "/a"),
                        NODES.objectNode().put("path", "/b")), 60_000, 1L).withMaxAttempts(2),
                TaskEnvelope.create(new TaskId(batch, 3), "noop", NODES.objectNode(), 1, 1L).nextAttempt());
        for (TaskEnvelope envelope : written) {
            assertThat(errors(envelopes, codec.encode(envelope))).as(envelope.toString()).isEmpty();
        }
    }

    @Test
    void everyKindOfLogEntryMatchesTheEventSchema() throws Exception {
        TaskId id = new TaskId(batch, 4);
        List<BatchEvent> written = List.of(
                BatchOpened.of(batch, 1L),
                BatchOpened.beating(batch, 1L, 5_000),
                ProducerBeat.of(batch, 2L),
                BatchSealed.of(batch, 5, 2L),
                CompletionEvent.succeeded(id, NODES.objectNode().put("n", 4), 1, "host/1", 3, 4L),
                CompletionEvent.failed(id, "IllegalStateException: no", 3, "host/1", 3, 4L),
                CompletionBatch.of(List.of(CompletionEvent.succeeded(id, null, 1, "host/1", 0, 5L),
                        CompletionEvent.failed(new TaskId(batch, 5), "Boom: x", 2, "host/1", 1, 6L),
                        CompletionEvent.succeeded(new TaskId(batch, 6), NODES.textNode("r"), 1, "host/2", 1, 6L))),
                JoinFence.of(batch, "f", 7L),
                TaskReplayed.of(id, 8L),
                BatchCancelled.of(batch, 9L),
                TaskProgress.of(id, 40, 100, "indexing", "host/1", 10L),
                TaskProgress.of(id, 3, -1, null, "host/1", 11L),
                CallbackDeclared.of(batch, Callback.summary("report", NODES.objectNode().put("week", 49), "default")
                        .then(new Callback("resize", null, "images", Callback.Input.EACH,
                                Callback.OnFailure.CONTINUE, null)), 12L),
                CallbackProposed.of(batch, "p-1", "host/1", 13L),
                CallbackFired.fired(batch, BatchId.create(Instant.now()), "host/1", 14L),
                CallbackFired.stopped(batch, "1 of 3 tasks failed", "host/1", 15L),
                TaskLeased.of(id, 1, "c-1", "host/1", 46L, 16L),
                TaskLeased.of(id, 1, "c-1", "host/1", 0, 17L),
                CompletionEvent.succeeded(id, null, 1, "host/2", 3, 18L).withLease(1),
                CompletionBatch.of(List.of(CompletionEvent.succeeded(id, null, 1, "host/2", 3, 19L).withLease(2))));
        for (BatchEvent event : written) {
            assertThat(errors(events, codec.encode(event))).as(event.toString()).isEmpty();
        }
    }

    @Test
    void messagesTheCodecRefusesTheSchemasRefuse() throws Exception {
        String id = batch + ":0";
        String envelope = "{\"v\":1,\"id\":\"" + id + "\",\"batch\":\"" + batch + "\",\"type\":\"count\",\"attempt\":1,"
                + "\"timeLimitMs\":1000,";
        List<String> badTasks = List.of(
                envelope + "\"payload\":null}",
                envelope + "\"count\":2,\"payload\":{\"n\":1}}",
                envelope.replace("\"attempt\":1", "\"attempt\":0") + "\"payload\":{}}",
                envelope.replace(batch + "\"", "Not-A-Batch\"") + "\"payload\":{}}",
                envelope.replace("\"v\":1", "\"v\":2") + "\"payload\":{}}");
        for (String task : badTasks) {
            assertThat(errors(envelopes, task.getBytes(UTF_8))).as(task).isNotEmpty();
            assertThat(refusedAsTask(task)).as(task).isTrue();
        }
        List<String> badEvents = List.of(
                "{\"kind\":\"sealed\",\"v\":1,\"total\":3,\"sealedAt\":1}",
                "{\"kind\":\"completion\",\"v\":1,\"id\":\"" + id + "\",\"batch\":\"" + batch + "\",\"attempt\":1,"
                        + "\"worker\":\"w\",\"durationMs\":1,\"at\":1}",
                "{\"kind\":\"group\",\"v\":1,\"sections\":[{\"batch\":\"x\",\"worker\":\"w\",\"at\":1,\"tasks\":[]}]}",
                "{\"kind\":\"sealed\",\"v\":2,\"batch\":\"" + batch + "\",\"total\":3,\"sealedAt\":1}");
        for (String event : badEvents) {
            assertThat(errors(events, event.getBytes(UTF_8))).as(event).isNotEmpty();
        }
        assertThat(errors(events, "{\"kind\":\"telepathy\",\"v\":1}".getBytes(UTF_8))).isNotEmpty();
    }

    private boolean refusedAsTask(String message) {
        try {
            codec.decodeTask(message.getBytes(UTF_8));
            return false;
        } catch (MalformedMessageException e) {
            return true;
        }
    }

    @Test
    void theDocumentedExamplesAreValid() throws Exception {
        String protocol = Files.readString(SCHEMAS.resolve("PROTOCOL.md"));
        int checked = 0;
        String[] blocks = protocol.split("```json");
        for (int i = 1; i < blocks.length; i++) {
            for (String line : blocks[i].substring(0, blocks[i].indexOf("```")).strip().split("\n")) {
                JsonNode message = JSON.readTree(line);
                Schema schema = message.has("kind") ? events : envelopes;
                assertThat(schema.validate(message)).as(line).isEmpty();
                checked++;
            }
        }
        assertThat(checked).as("examples in PROTOCOL.md").isGreaterThanOrEqualTo(8);
    }
}
