package io.taskmill.task;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The task envelope written and read field by field with Jackson's streaming API: the same
 * JSON as the record's bean form (fields in {@link TaskEnvelope}'s order, payload last), at a
 * fraction of the cost of a bean serializer or deserializer per message, which every task
 * pays once on each side.
 */
final class EnvelopeCodec {

    private final ObjectMapper mapper;

    EnvelopeCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] encode(TaskEnvelope envelope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = mapper.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("v", envelope.v());
            json.writeStringField("id", envelope.id());
            json.writeStringField("batch", envelope.batch());
            json.writeStringField("type", envelope.type());
            json.writeNumberField("count", envelope.count());
            json.writeNumberField("attempt", envelope.attempt());
            json.writeNumberField("maxAttempts", envelope.maxAttempts());
            json.writeNumberField("timeLimitMs", envelope.timeLimitMs());
            json.writeNumberField("createdAt", envelope.createdAt());
            json.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> header : envelope.headers().entrySet()) {
                json.writeStringField(header.getKey(), header.getValue());
            }
            json.writeEndObject();
            json.writeFieldName("payload");
            if (envelope.payload() == null) {
                json.writeNull();
            } else {
                TreeWriter.write(json, envelope.payload());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads an envelope; fields it does not know are skipped, missing numbers are 0 (the
     * caller validates). Anything out of shape is an {@link IOException} or a runtime exception.
     */
    TaskEnvelope decode(byte[] body) throws IOException {
        int v = 0;
        String id = null;
        String batch = null;
        String type = null;
        int count = 0;
        int attempt = 0;
        int maxAttempts = 0;
        long timeLimitMs = 0;
        long createdAt = 0;
        Map<String, String> headers = Map.of();
        JsonNode payload = null;
        try (JsonParser json = mapper.createParser(body)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            for (JsonToken token = json.nextToken(); token == JsonToken.FIELD_NAME; token = json.nextToken()) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "v" -> v = json.getIntValue();
                    case "id" -> id = text(json, value);
                    case "batch" -> batch = text(json, value);
                    case "type" -> type = text(json, value);
                    case "count" -> count = json.getIntValue();
                    case "attempt" -> attempt = json.getIntValue();
                    case "maxAttempts" -> maxAttempts = json.getIntValue();
                    case "timeLimitMs" -> timeLimitMs = json.getLongValue();
                    case "createdAt" -> createdAt = json.getLongValue();
                    case "headers" -> headers = headers(json, value);
                    case "payload" -> payload = json.readValueAsTree();
                    default -> json.skipChildren();
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("expected a field or the end of the object, found " + json.currentToken());
            }
        }
        return new TaskEnvelope(v, id, batch, type, payload, attempt, maxAttempts, timeLimitMs, createdAt, headers,
                count);
    }

    private static String text(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new IOException("expected a string, found " + value);
        }
        return json.getText();
    }

    private static Map<String, String> headers(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        expect(value, JsonToken.START_OBJECT);
        Map<String, String> headers = new HashMap<>();
        for (JsonToken token = json.nextToken(); token == JsonToken.FIELD_NAME; token = json.nextToken()) {
            String name = json.currentName();
            headers.put(name, text(json, json.nextToken()));
        }
        return headers;
    }

    private static void expect(JsonToken actual, JsonToken wanted) throws IOException {
        if (actual != wanted) {
            throw new IOException("expected " + wanted + ", found " + actual);
        }
    }
}
