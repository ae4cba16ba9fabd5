package io.taskmill.task;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskCodecTest {

    private final TaskCodec codec = new TaskCodec(4096);
    private final String batch = BatchId.create(Instant.parse("2026-01-01T00:00:00Z"));

    private TaskEnvelope envelope() {
        return TaskEnvelope.create(new TaskId(batch, 7), "count",
                JsonNodeFactory.instance.objectNode().put("n", 10), 60_000, 1L);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(UTF_8);
    }

    @Test
    void anEnvelopeSurvivesTheRoundTrip() throws Exception {
        TaskEnvelope decoded = codec.decodeTask(codec.encode(envelope()));
        assertThat(decoded).isEqualTo(envelope());
        assertThat(decoded.taskId()).isEqualTo(new TaskId(batch, 7));
    }

    @Test
    void eventsSurviveTheRoundTripAsTheirOwnKinds() throws Exception {
        CompletionEvent done = CompletionEvent.succeeded(new TaskId(batch, 1),
                JsonNodeFactory.instance.objectNode().put("x", 1), 1, "w", 5, 9);
        BatchSealed sealed = BatchSealed.of(batch, 3, 10);
        assertThat(codec.decodeEvent(codec.encode(done))).isEqualTo(done);
        assertThat(codec.decodeEvent(codec.encode(sealed))).isEqualTo(sealed);
    }

    @Test
    void undecodableBytesAreMalformedWithoutATaskId() {
        assertThatThrownBy(() -> codec.decodeTask(new byte[] {(byte) 0xff, 0x00, 0x13}))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> {
                    assertThat(e.getMessage()).startsWith("undecodable message");
                    assertThat(e.taskIds()).isEmpty();
                });
    }

    @Test
    void anUnknownSchemaVersionIsMalformedButKeepsTheTaskIdForItsBatch() {
        String json = new String(codec.encode(envelope()), UTF_8).replace("\"v\":1", "\"v\":99");
        assertThatThrownBy(() -> codec.decodeTask(bytes(json)))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> {
                    assertThat(e.getMessage()).contains("unsupported schema version 99");
                    assertThat(e.taskIds()).containsExactly(new TaskId(batch, 7));
                });
    }

    @Test
    void missingFieldsAreNamed() {
        String noType = "{\"v\":1,\"id\":\"" + batch + ":0\",\"batch\":\"" + batch
                + "\",\"payload\":{},\"attempt\":1,\"timeLimitMs\":1000,\"createdAt\":1}";
        assertThatThrownBy(() -> codec.decodeTask(bytes(noType))).hasMessage("missing task type");
        assertThatThrownBy(() -> codec.decodeTask(bytes("{\"v\":1}"))).hasMessage("missing or invalid task id");
    }

    @Test
    void aMessageOverTheSizeLimitIsRejectedBeforeParsing() {
        byte[] huge = new byte[5000];
        assertThatThrownBy(() -> codec.decodeTask(huge)).hasMessageContaining("exceeds the limit of 4096");
    }

    @Test
    void anOversizedMessageStillNamesItsTaskWhenTheIdComesFirst() {
        String json = "{\"v\":1,\"id\":\"" + batch + ":3\",\"payload\":\"" + "x".repeat(5000) + "\"}";
        assertThatThrownBy(() -> codec.decodeTask(bytes(json)))
                .isInstanceOfSatisfying(MalformedMessageException.class,
                        e -> assertThat(e.taskIds()).containsExactly(new TaskId(batch, 3)));
    }

    @Test
    void encodingATaskOverTheLimitIsRefused() {
        TaskEnvelope big = TaskEnvelope.create(new TaskId(batch, 0), "noop",
                JsonNodeFactory.instance.objectNode().put("s", "x".repeat(5000)), 1000, 1);
        assertThatThrownBy(() -> codec.encode(big)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("over the message size limit");
    }

    @Test
    void aClassNameInTheMessageCannotChooseWhatIsInstantiated() {
        String json = "{\"kind\":\"java.lang.ProcessBuilder\",\"batch\":\"" + batch + "\"}";
        assertThatThrownBy(() -> codec.decodeEvent(bytes(json))).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void batchIdsCarryTheirCreationTime() {
        Instant created = Instant.parse("2026-11-25T12:00:00.123Z");
        assertThat(BatchId.createdAt(BatchId.create(created))).isEqualTo(created);
        assertThatThrownBy(() -> BatchId.createdAt("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a batch id");
    }

    private static com.fasterxml.jackson.databind.JsonNode nested(int depth) {
        com.fasterxml.jackson.databind.node.ObjectNode root = JsonNodeFactory.instance.objectNode();
        com.fasterxml.jackson.databind.node.ObjectNode node = root;
        for (int i = 1; i < depth; i++) {
            node = node.putObject("a");
        }
        return root;
    }

    @Test
    void aPayloadTooDeepForAWorkerStillNamesEveryTaskOfItsChunk() {
        TaskCodec big = new TaskCodec();
        TaskEnvelope chunk = TaskEnvelope.chunk(new TaskId(batch, 10), "count",
                java.util.List.of(nested(1), nested(1), nested(1)), 60_000, 1L);
        String deep = "{\"a\":".repeat(70) + "1" + "}".repeat(70);
        String json = new String(big.encode(chunk), UTF_8).replace("\"payload\":[{}", "\"payload\":[" + deep);
        assertThatThrownBy(() -> big.decodeTask(bytes(json)))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> {
                    assertThat(e.getMessage()).contains("nesting depth");
                    assertThat(e.taskIds()).containsExactly(new TaskId(batch, 10), new TaskId(batch, 11),
                            new TaskId(batch, 12));
                });
    }

    /** A broker that drops a message id it has seen must not take a resumed submit's chunk for one task sent alone. */
    @Test
    void aChunksMessageIdIsNotItsFirstTasks() {
        TaskEnvelope alone = TaskEnvelope.create(new TaskId(batch, 10), "count", nested(1), 60_000, 1L);
        TaskEnvelope chunk = TaskEnvelope.chunk(new TaskId(batch, 10), "count",
                java.util.List.of(nested(1), nested(1), nested(1)), 60_000, 1L);
        assertThat(alone.messageId()).isEqualTo(alone.id());
        assertThat(chunk.messageId()).isEqualTo(batch + ":10+3").isNotEqualTo(alone.messageId());
        assertThat(chunk.item(0).messageId()).isEqualTo(alone.messageId());
    }

    @Test
    void aPayloadThatIsNotUtf8StillNamesItsTask() {
        TaskCodec big = new TaskCodec();
        TaskEnvelope task = TaskEnvelope.create(new TaskId(batch, 4), "echo",
                JsonNodeFactory.instance.objectNode().put("s", "PLACEHOLDER"), 60_000, 1L);
        byte[] valid = big.encode(task);
        String text = new String(valid, UTF_8);
        int at = text.indexOf("PLACEHOLDER");
        byte[] broken = valid.clone();
        broken[at] = (byte) 0xff;
        broken[at + 1] = (byte) 0xfe;
        assertThatThrownBy(() -> big.decodeTask(broken))
                .isInstanceOfSatisfying(MalformedMessageException.class,
                        e -> assertThat(e.taskIds()).containsExactly(new TaskId(batch, 4)));
    }

    @Test
    void aProducerRefusesAPayloadThatAWorkerWouldRefuseAloneOrChunked() throws Exception {
        TaskCodec big = new TaskCodec();
        TaskCodec.checkPayload(nested(TaskCodec.MAX_PAYLOAD_DEPTH));
        TaskEnvelope deepest = TaskEnvelope.chunk(new TaskId(batch, 0), "count",
                java.util.List.of(nested(TaskCodec.MAX_PAYLOAD_DEPTH), nested(1)), 60_000, 1L);
        assertThat(big.decodeTask(big.encode(deepest)).count()).isEqualTo(2);
        assertThatThrownBy(() -> TaskCodec.checkPayload(nested(TaskCodec.MAX_PAYLOAD_DEPTH + 1)))
                .hasMessageContaining("nests 63 levels deep; at most 62");
        assertThatThrownBy(() -> big.encode(TaskEnvelope.create(new TaskId(batch, 0), "count", nested(64), 60_000, 1L)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
