package io.taskmill.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class TreeWriterTest {

    private final ObjectMapper mapper = new TaskCodec().mapper();

    private String written(JsonNode node) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = mapper.createGenerator(out)) {
            TreeWriter.write(json, node);
        }
        return out.toString();
    }

    @Test
    void writesWhatTheMapperWritesForEveryKindOfNode() throws Exception {
        JsonNode tree = mapper.readTree("{\"s\":\"é \\\"q\\\" \\u0001\",\"i\":1,\"l\":12345678901234,\"d\":1.5,"
                + "\"b\":true,\"n\":null,\"a\":[[],{},[1,[2,{\"x\":[3]}]]],\"o\":{\"p\":{\"q\":{}}},"
                + "\"big\":123456789012345678901234567890,\"e\":[]}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("bi", BigInteger.TEN.pow(30))
                .put("bd", new BigDecimal("0.1")).put("f", 2.5f);
        assertThat(written(tree)).isEqualTo(mapper.writeValueAsString(tree));
        assertThat(written(JsonNodeFactory.instance.textNode("alone"))).isEqualTo("\"alone\"");
        assertThat(written(JsonNodeFactory.instance.nullNode())).isEqualTo("null");
    }

    @Test
    void nestingIsWrittenWithoutRecursionUpToTheGeneratorsOwnLimit() throws Exception {
        ArrayNode root = JsonNodeFactory.instance.arrayNode();
        ArrayNode inner = root;
        for (int i = 0; i < 900; i++) {
            inner = inner.addArray();
        }
        assertThat(written(root)).isEqualTo("[".repeat(901) + "]".repeat(901));
    }
}
