package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPackerTest {

    private final List<Integer> sent = new ArrayList<>();

    private ChunkPacker packer(int tasks, long bytes) {
        return new ChunkPacker(tasks, bytes, payloads -> sent.add(payloads.size()));
    }

    private static JsonNode payload() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void messagesHoldAtMostTheirCountOfTasks() {
        ChunkPacker packer = packer(3, 1_000);
        for (int i = 0; i < 7; i++) {
            packer.add(payload(), 1);
        }
        packer.flush();

        assertThat(sent).containsExactly(3, 3, 1);
    }

    @Test
    void aMessageClosesBeforeItsBytesWouldPassTheBoundAndABigPayloadGoesAlone() {
        ChunkPacker packer = packer(100, 1_000);
        packer.add(payload(), 400);
        packer.add(payload(), 400);
        packer.add(payload(), 400);
        packer.add(payload(), 5_000);
        packer.add(payload(), 10);
        packer.flush();
        packer.flush();

        assertThat(sent).containsExactly(2, 1, 1, 1);
    }
}
