package com.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.handler.TaskContext;
import io.taskmill.task.BatchId;
import io.taskmill.task.TaskId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The README's API example runs as shown and prints what the README says. */
class PoolExampleTest {

    @Test
    void theReadmeExampleRunsOnTheEmbeddedDefault() throws Exception {
        long expected = HandlerRegistry.load().find("count").orElseThrow().handle(new TaskContext(
                new TaskId(BatchId.create(Instant.now()), 0), JsonNodeFactory.instance.objectNode().put("n", 1_000_000),
                1, "test")).get("checksum").asLong();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            PoolExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "count(1000000) -> checksum " + expected,
                "map over 5 inputs, first n = 1000",
                "a sleep task finished",
                "a sleep task finished",
                "failed remotely: NonRetryableTaskException after 1 attempt(s)");
    }
}
