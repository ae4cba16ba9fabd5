package io.taskmill.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.task.BatchId;
import io.taskmill.task.TaskId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerRegistryTest {

    private final HandlerRegistry registry = HandlerRegistry.load();
    private final TaskId id = new TaskId(BatchId.create(Instant.now()), 0);

    private JsonNode run(String type, JsonNode payload) throws Exception {
        return registry.find(type).orElseThrow().handle(new TaskContext(id, payload, 1, "w"));
    }

    @Test
    void theBuiltInTypesAreFoundByServiceLoader() {
        assertThat(registry.types()).containsExactly("count", "noop", "sha512", "sleep");
        assertThat(registry.find("nope")).isEmpty();
    }

    @Test
    void handlersCanBeAddedInCodeButNotOverATakenType() throws Exception {
        HandlerRegistry more = registry.with("double", task -> task.payload().get("x").numberValue() == null ? null
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.numberNode(task.payload().get("x").asInt() * 2));
        assertThat(more.types()).contains("double", "count");
        assertThat(more.find("double").orElseThrow().handle(new TaskContext(id,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("x", 21), 1, "w")).asInt())
                .isEqualTo(42);
        assertThat(registry.find("double")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.with("count", task -> null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'count' is already registered");
    }

    @Test
    void sha512MatchesTheJdkDigestOfTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.txt");
        Files.writeString(file, "hello\n", StandardCharsets.UTF_8);
        JsonNode result = run("sha512", JsonNodeFactory.instance.objectNode().put("path", file.toString()));
        String expected = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512")
                .digest("hello\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(result.get("sha512").asText()).isEqualTo(expected);
        assertThat(result.get("bytes").asLong()).isEqualTo(6);
    }

    @Test
    void countReturnsAChecksumThatDependsOnN() throws Exception {
        long small = run("count", JsonNodeFactory.instance.objectNode().put("n", 3)).get("checksum").asLong();
        assertThat(small).isEqualTo(((3L * 31) + 2) * 31 + 1);
        assertThat(run("count", JsonNodeFactory.instance.objectNode().put("n", 0)).get("checksum").asLong()).isZero();
    }
}
