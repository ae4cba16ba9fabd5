package io.taskmill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Packs payloads into messages of at most {@code tasks} payloads and about {@code bytes}
 * bytes of what they stand for; a payload bigger than that goes alone. Not thread-safe.
 */
final class ChunkPacker {

    private final int tasks;
    private final long bytes;
    private final Consumer<List<JsonNode>> send;
    private List<JsonNode> pending = new ArrayList<>();
    private long pendingBytes;

    ChunkPacker(int tasks, long bytes, Consumer<List<JsonNode>> send) {
        if (tasks < 1 || bytes < 1) {
            throw new IllegalArgumentException("a chunk holds at least one task of at least one byte");
        }
        this.tasks = tasks;
        this.bytes = bytes;
        this.send = send;
    }

    /** Adds a payload that stands for {@code size} bytes (its own, or a file's it names). */
    void add(JsonNode payload, long size) {
        if (!pending.isEmpty() && pendingBytes + size > bytes) {
            flush();
        }
        pending.add(payload);
        pendingBytes += size;
        if (pending.size() >= tasks) {
            flush();
        }
    }

    /** Sends what is pending, if anything. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        send.accept(pending);
        pending = new ArrayList<>();
        pendingBytes = 0;
    }
}
