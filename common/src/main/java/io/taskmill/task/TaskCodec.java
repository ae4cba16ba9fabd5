package io.taskmill.task;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * JSON encoding of envelopes and batch events. Decoding never trusts its input: it checks
 * the size first, parses under tight {@link StreamReadConstraints}, never uses default
 * typing, and validates the result, reporting every defect as a
 * {@link MalformedMessageException} rather than an unchecked crash.
 */
public final class TaskCodec {

    /** The default limit on an encoded message: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    private final ObjectMapper mapper;
    private final int maxBytes;

    public TaskCodec(int maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("message size limit must be at least 1024 bytes, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(maxBytes)
                .maxNumberLength(100)
                .maxNestingDepth(64)
                .maxDocumentLength(maxBytes)
                .build());
    }

    public TaskCodec() {
        this(DEFAULT_MAX_BYTES);
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** The mapper with this codec's limits, for payloads and results. */
    public ObjectMapper mapper() {
        return mapper;
    }

    public byte[] encode(TaskEnvelope envelope) {
        return checkedSize(write(envelope), "task " + envelope.id());
    }

    public byte[] encode(BatchEvent event) {
        return checkedSize(write(event), "event for batch " + event.batch());
    }

    public TaskEnvelope decodeTask(byte[] body) throws MalformedMessageException {
        checkSize(body);
        TaskEnvelope envelope;
        try {
            envelope = mapper.readValue(body, TaskEnvelope.class);
        } catch (IOException | RuntimeException e) {
            // Parse again as a tree, only to say precisely what is wrong and which task it was.
            JsonNode tree = readTree(body);
            throw new MalformedMessageException(versionProblem(tree).orElse("invalid envelope: " + firstLine(
                    e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage())),
                    readableId(tree));
        }
        if (envelope == null) {
            throw new MalformedMessageException("not a JSON object", null);
        }
        TaskId id = parseId(envelope.id());
        if (envelope.v() != TaskEnvelope.VERSION) {
            throw new MalformedMessageException("unsupported schema version " + envelope.v()
                    + " (this worker reads version " + TaskEnvelope.VERSION + ")", id);
        }
        if (id == null) {
            throw new MalformedMessageException("missing or invalid task id", null);
        }
        require(id.batch().equals(envelope.batch()), "batch field does not match the task id", id);
        require(envelope.type() != null && !envelope.type().isBlank(), "missing task type", id);
        require(envelope.payload() != null, "missing payload", id);
        require(envelope.attempt() >= 1, "attempt must be >= 1", id);
        require(envelope.maxAttempts() >= 0, "maxAttempts must be >= 0", id);
        require(envelope.count() >= 0, "count must be >= 0", id);
        require(envelope.size() == 1 || envelope.payload().isArray() && envelope.payload().size() == envelope.count(),
                "a chunk of " + envelope.count() + " tasks needs an array of as many payloads", id);
        require(envelope.timeLimitMs() > 0, "time limit must be > 0", id);
        return envelope;
    }

    public BatchEvent decodeEvent(byte[] body) throws MalformedMessageException {
        checkSize(body);
        try {
            BatchEvent event = mapper.readValue(body, BatchEvent.class);
            if (event instanceof CompletionBatch group) {
                for (CompletionEvent completion : group.events()) {
                    validate(completion);
                }
            } else {
                validate(event);
            }
            return event;
        } catch (IOException | RuntimeException e) {
            throw new MalformedMessageException("invalid batch event: " + firstLine(e.getMessage()), null);
        }
    }

    private static void validate(BatchEvent event) throws MalformedMessageException {
        BatchId.requireValid(event.batch());
        if (event instanceof CompletionEvent completion) {
            require(completion.status() != null, "missing status", completion.taskId());
        }
    }

    private void checkSize(byte[] body) throws MalformedMessageException {
        if (body.length > maxBytes) {
            throw new MalformedMessageException("message of " + body.length + " bytes exceeds the limit of "
                    + maxBytes, peekId(body));
        }
    }

    private static Optional<String> versionProblem(JsonNode tree) {
        int version = tree.path("v").asInt(-1);
        return version == TaskEnvelope.VERSION ? Optional.empty()
                : Optional.of("unsupported schema version " + tree.path("v") + " (this worker reads version "
                        + TaskEnvelope.VERSION + ")");
    }

    private static TaskId parseId(String id) {
        try {
            return id == null ? null : TaskId.parse(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private JsonNode readTree(byte[] body) throws MalformedMessageException {
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new MalformedMessageException("not a JSON object", null);
            }
            return tree;
        } catch (IOException e) {
            throw new MalformedMessageException("undecodable message: " + firstLine(e.getMessage()), null);
        }
    }

    /**
     * The task id of an oversized message, if it is among the top-level fields read before
     * the limit: enough for its batch to count it as failed, without parsing all of it.
     */
    private TaskId peekId(byte[] body) {
        try (JsonParser parser = mapper.getFactory().createParser(body, 0, maxBytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
                    return TaskId.parse(parser.getText());
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static TaskId readableId(JsonNode tree) {
        return tree.path("id").isTextual() ? parseId(tree.path("id").asText()) : null;
    }

    private static void require(boolean condition, String problem, TaskId id) throws MalformedMessageException {
        if (!condition) {
            throw new MalformedMessageException(problem, id);
        }
    }

    private byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] checkedSize(byte[] body, String what) {
        if (body.length > maxBytes) {
            throw new IllegalArgumentException(what + " encodes to " + body.length
                    + " bytes, over the message size limit of " + maxBytes);
        }
        return body;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
