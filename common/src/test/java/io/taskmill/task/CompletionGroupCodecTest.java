package io.taskmill.task;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A worker's group commit on the wire: compact, exact, and strict about its shape. */
class CompletionGroupCodecTest {

    private final TaskCodec codec = new TaskCodec();
    private final String batch = BatchId.create(Instant.parse("2026-01-01T00:00:00Z"));
    private final String other = BatchId.create(Instant.parse("2026-01-01T00:00:01Z"));

    @Test
    void everyFieldOfEveryEventSurvivesTheRoundTrip() throws Exception {
        List<CompletionEvent> events = List.of(
                CompletionEvent.succeeded(new TaskId(batch, 3), null, 1, "vm/1", 0, 1_000),
                CompletionEvent.failed(new TaskId(batch, 4), "IllegalStateException: no", 3, "vm/1", 12, 1_005),
                CompletionEvent.succeeded(new TaskId(other, 0), JsonNodeFactory.instance.objectNode().put("n", 7), 2,
                        "vm/1", 1, 999),
                CompletionEvent.succeeded(new TaskId(batch, 9_000_000_000L), JsonNodeFactory.instance.textNode("x"), 1,
                        "vm/2", 40, 1_010),
                // A holder that took a lease over names its fencing token.
                CompletionEvent.succeeded(new TaskId(batch, 11), null, 1, "vm/2", 60_000, 1_020).withLease(3));
        CompletionBatch group = CompletionBatch.of(events);

        BatchEvent decoded = codec.decodeEvent(codec.encode(group));

        assertThat(decoded).isInstanceOf(CompletionBatch.class);
        // A task without a result reads as JSON null, as a completion event of its own does.
        assertThat(((CompletionBatch) decoded).events()).containsExactlyInAnyOrderElementsOf(events.stream()
                .map(e -> e.result() != null ? e : new CompletionEvent(e.v(), e.id(), e.batch(), e.status(),
                        NullNode.getInstance(), e.error(), e.attempt(), e.worker(), e.durationMs(), e.at())
                        .withLease(e.lease()))
                .toList());
    }

    @Test
    void aTaskThatSucceededWithoutAResultTakesAboutTwentyBytes() {
        List<CompletionEvent> events = new ArrayList<>();
        for (int seq = 100_000; seq < 100_200; seq++) {
            events.add(CompletionEvent.succeeded(new TaskId(batch, seq), null, 1, "vm/12345", 0, 1_764_000_000_000L));
        }
        int alone = codec.encode(events.get(0)).length;

        int grouped = codec.encode(CompletionBatch.of(events)).length;

        assertThat(grouped / events.size()).as("bytes a task in a group of 200 (alone: %d)", alone).isLessThan(20);
    }

    @Test
    void aLogWrittenBeforeGroupsIsStillRead() throws Exception {
        String legacy = "{\"kind\":\"completions\",\"v\":1,\"events\":[{\"kind\":\"completion\",\"v\":1,\"id\":\"" + batch
                + ":5\",\"batch\":\"" + batch + "\",\"status\":\"SUCCEEDED\",\"result\":null,\"error\":null,"
                + "\"attempt\":1,\"worker\":\"w\",\"durationMs\":2,\"at\":3}]}";

        BatchEvent decoded = codec.decodeEvent(legacy.getBytes(UTF_8));

        assertThat(((CompletionBatch) decoded).events()).containsExactly(
                CompletionEvent.succeeded(new TaskId(batch, 5), NullNode.getInstance(), 1, "w", 2, 3));
    }

    @Test
    void aGroupOutOfShapeIsMalformed() {
        String prefix = "{\"kind\":\"group\",\"v\":1,\"sections\":[{\"batch\":\"" + batch + "\",\"worker\":\"w\",\"at\":1,";
        for (String broken : List.of(
                prefix + "\"tasks\":[1,1,0]}]}",
                prefix + "\"tasks\":[1,1,0,0],\"other\":[{\"i\":1,\"status\":\"FAILED\"}]}]}",
                prefix + "\"tasks\":[1,1,0,0],\"other\":[{\"i\":0,\"status\":\"LOST\"}]}]}",
                prefix + "\"tasks\":[\"a\",1,0,0]}]}",
                "{\"kind\":\"group\",\"v\":1,\"sections\":[{\"batch\":\"../etc\",\"worker\":\"w\",\"at\":1,\"tasks\":[]}]}",
                "{\"kind\":\"group\",\"v\":2,\"sections\":[]}",
                prefix + "\"tasks\":[1,1,0,0")) {
            assertThatThrownBy(() -> codec.decodeEvent(broken.getBytes(UTF_8))).as(broken)
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessageStartingWith("invalid batch event");
        }
    }
}
