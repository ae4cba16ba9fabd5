package io.taskmill.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogFormatTest {

    @Test
    void jsonLinesCarryTheTaskOfTheLineThatLoggedThem() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LogFormat.JSON.apply();
            MDC.put("taskId", "mwy808zs-6i99chlq:7");
            LoggerFactory.getLogger("a.handler").warn("working on {}", "it");
        } finally {
            MDC.clear();
            System.setOut(original);
        }
        String line = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("working on it")).findFirst().orElseThrow();
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("loggerName").asText()).isEqualTo("a.handler");
        assertThat(json.get("formattedMessage").asText()).isEqualTo("working on it");
        assertThat(json.get("mdc").get("taskId").asText()).isEqualTo("mwy808zs-6i99chlq:7");
    }
}
