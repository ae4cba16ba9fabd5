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
import io.taskmill.security.MessageSigning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON encoding of envelopes and batch events. Decoding never trusts its input: it checks
 * the size first, parses under tight {@link StreamReadConstraints}, never uses default
 * typing, and validates the result, reporting every defect as a
 * {@link MalformedMessageException} rather than an unchecked crash. With a
 * {@link MessageSigning} that holds keys, everything it encodes is signed, and what it
 * decodes must pass that signing's checks first.
 */
public final class TaskCodec {

    /** How deep any message may nest; deeper input is refused before it is parsed further. */
    public static final int MAX_DEPTH = 64;
    /**
     * How deep a payload may nest: the envelope object and a chunk's array take two of
     * {@link #MAX_DEPTH}, so a payload that passes here passes a worker, alone or chunked.
     */
    public static final int MAX_PAYLOAD_DEPTH = MAX_DEPTH - 2;

    /** The default limit on an encoded message: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    private final ObjectMapper mapper;
    private final CompletionGroupCodec groups;
    private final EnvelopeCodec envelopes;
    private final int maxBytes;
    private final MessageSigning signing;

    public TaskCodec(int maxBytes, MessageSigning signing) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("message size limit must be at least 1024 bytes, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.signing = signing;
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(maxBytes)
                .maxNumberLength(100)
                .maxNestingDepth(MAX_DEPTH)
                .maxDocumentLength(maxBytes)
                .build());
        this.groups = new CompletionGroupCodec(mapper);
        this.envelopes = new EnvelopeCodec(mapper);
    }

    public TaskCodec(int maxBytes) {
        this(maxBytes, MessageSigning.none());
    }

    public TaskCodec(MessageSigning signing) {
        this(DEFAULT_MAX_BYTES, signing);
    }

    public TaskCodec() {
        this(DEFAULT_MAX_BYTES, MessageSigning.none());
    }

    /** How this codec signs and checks signatures. */
    public MessageSigning signing() {
        return signing;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** The mapper with this codec's limits, for payloads and results. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * An entry of a log that names no batch (schedules, unique keys), as JSON, signed as
     * tasks are: a forged entry there would have others act on it.
     */
    public byte[] encodeSigned(Object entry) {
        try {
            return signing.sign(mapper.writeValueAsBytes(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + entry, e);
        }
    }

    /**
     * Reads an entry {@link #encodeSigned} wrote.
     *
     * @param skipped hears why an entry is skipped: forged, unsigned where a signature is
     *                required, or unreadable
     * @return the entry, or empty when it is skipped
     */
    public <T> Optional<T> decodeSigned(byte[] body, Class<T> type, java.util.function.Consumer<String> skipped) {
        MessageSigning.Opened opened = signing.open(body);
        if (!opened.accepted()) {
            skipped.accept(opened.problem());
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(opened.body(), type));
        } catch (IOException e) {
            skipped.accept("unreadable: " + e.getMessage());
            return Optional.empty();
        }
    }

    public byte[] encode(TaskEnvelope envelope) {
        JsonNode payload = envelope.payload();
        if (envelope.size() > 1) {
            payload.forEach(TaskCodec::checkPayload);
        } else if (payload != null) {
            checkPayload(payload);
        }
        return signing.sign(checkedSize(envelopes.encode(envelope), "task " + envelope.id()));
    }

    public byte[] encode(BatchEvent event) {
        if (event instanceof CompletionBatch group) {
            return signing.sign(checkedSize(groups.encode(group), "a group of " + group.events().size()
                    + " completions"));
        }
        return signing.sign(checkedSize(write(event), "event for batch " + event.batch()));
    }

    /**
     * @throws SignatureRefusedException for a message this codec's signing refuses, naming
     *                                   the tasks it claims to carry
     */
    public TaskEnvelope decodeTask(byte[] message) throws MalformedMessageException {
        MessageSigning.Opened opened = signing.open(message);
        byte[] body = opened.body();
        if (!opened.accepted()) {
            throw new SignatureRefusedException(opened.problem(), opened.refusal().errorClass(), peekIds(body));
        }
        checkSize(body);
        TaskEnvelope envelope;
        try {
            envelope = envelopes.decode(body);
        } catch (IOException | RuntimeException e) {
            // Say precisely what is wrong, and name every task the message carried, however broken the rest is.
            List<TaskId> ids = peekIds(body);
            String problem = versionProblem(body).orElse((ids.isEmpty() ? "undecodable message: " : "invalid envelope: ")
                    + firstLine(e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()));
            throw new MalformedMessageException(problem, ids);
        }
        if (envelope == null) {
            throw new MalformedMessageException("not a JSON object", List.of());
        }
        TaskId id = parseId(envelope.id());
        List<TaskId> ids = id == null ? List.of() : idsFrom(id, envelope.count());
        if (envelope.v() != TaskEnvelope.VERSION) {
            throw new MalformedMessageException("unsupported schema version " + envelope.v()
                    + " (this worker reads version " + TaskEnvelope.VERSION + ")", ids);
        }
        if (id == null) {
            throw new MalformedMessageException("missing or invalid task id", List.of());
        }
        require(id.batch().equals(envelope.batch()), "batch field does not match the task id", ids);
        require(envelope.type() != null && !envelope.type().isBlank(), "missing task type", ids);
        require(envelope.payload() != null && !envelope.payload().isNull(), "missing payload", ids);
        require(envelope.attempt() >= 1, "attempt must be >= 1", ids);
        require(envelope.maxAttempts() >= 0, "maxAttempts must be >= 0", ids);
        require(envelope.count() >= 0, "count must be >= 0", ids);
        require(envelope.size() == 1 || envelope.payload().isArray() && envelope.payload().size() == envelope.count(),
                "a chunk of " + envelope.count() + " tasks needs an array of as many payloads", ids);
        require(envelope.timeLimitMs() > 0, "time limit must be > 0", ids);
        return envelope;
    }

    /**
     * Refuses a payload that a worker would refuse once it is inside an envelope (and in a
     * chunk's array): the check a producer makes before it publishes anything.
     *
     * @throws IllegalArgumentException naming the depth and the limit
     */
    public static void checkPayload(JsonNode payload) {
        int depth = depthOf(payload);
        if (depth > MAX_PAYLOAD_DEPTH) {
            throw new IllegalArgumentException("the payload nests " + depth + " levels deep; at most "
                    + MAX_PAYLOAD_DEPTH + " fit in a task message");
        }
    }

    /** Nesting of a tree, iteratively: a tree built in code may be deeper than any stack. */
    private static int depthOf(JsonNode root) {
        int deepest = 0;
        java.util.ArrayDeque<Map.Entry<JsonNode, Integer>> pending = new java.util.ArrayDeque<>();
        pending.push(Map.entry(root, root.isContainerNode() ? 1 : 0));
        while (!pending.isEmpty()) {
            Map.Entry<JsonNode, Integer> next = pending.pop();
            deepest = Math.max(deepest, next.getValue());
            if (deepest > MAX_PAYLOAD_DEPTH) {
                return deepest;
            }
            for (JsonNode child : next.getKey()) {
                if (child.isContainerNode()) {
                    pending.push(Map.entry(child, next.getValue() + 1));
                }
            }
        }
        return deepest;
    }

    /** @throws SignatureRefusedException for an event this codec's signing refuses */
    public BatchEvent decodeEvent(byte[] message) throws MalformedMessageException {
        MessageSigning.Opened opened = signing.open(message);
        if (!opened.accepted()) {
            throw new SignatureRefusedException(opened.problem(), opened.refusal().errorClass(), List.of());
        }
        byte[] body = opened.body();
        checkSize(body);
        try {
            // Groups, the bulk of the log, are read by their own streaming reader; a log written before
            // them holds "completions" entries, which Jackson still reads.
            BatchEvent event = CompletionGroupCodec.isGroup(body) ? groups.decode(body)
                    : mapper.readValue(body, BatchEvent.class);
            if (event instanceof CompletionBatch group) {
                for (CompletionEvent completion : group.events()) {
                    validate(completion);
                }
            } else {
                validate(event);
            }
            return event;
        } catch (IOException | RuntimeException e) {
            throw new MalformedMessageException("invalid batch event: " + firstLine(e.getMessage()), List.of());
        }
    }

    private static void validate(BatchEvent event) throws MalformedMessageException {
        BatchId.requireValid(event.batch());
        if (event instanceof CompletionEvent completion) {
            require(completion.status() != null, "missing status", List.of(completion.taskId()));
        }
        if (event instanceof TaskProgress progress) {
            require(progress.taskId().batch().equals(progress.batch()), "progress of a task of another batch",
                    List.of(progress.taskId()));
        }
    }

    private void checkSize(byte[] body) throws MalformedMessageException {
        if (body.length > maxBytes) {
            throw new MalformedMessageException("message of " + body.length + " bytes exceeds the limit of "
                    + maxBytes, peekIds(body));
        }
    }

    /** The schema version, when the message is an object whose {@code v} can be read and is not ours. */
    private Optional<String> versionProblem(byte[] body) {
        try {
            JsonNode tree = mapper.readTree(body);
            int version = tree == null ? TaskEnvelope.VERSION : tree.path("v").asInt(TaskEnvelope.VERSION);
            return version == TaskEnvelope.VERSION ? Optional.empty()
                    : Optional.of("unsupported schema version " + version + " (this worker reads version "
                            + TaskEnvelope.VERSION + ")");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static TaskId parseId(String id) {
        try {
            return id == null ? null : TaskId.parse(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The ids of the tasks a message carries, read from its top-level {@code id} and
     * {@code count} fields with a streaming parser that stops at the first defect. Envelopes
     * are written with the payload last, so a payload too deep, too large or not UTF-8 still
     * leaves the ids readable.
     */
    private List<TaskId> peekIds(byte[] body) {
        TaskId first = null;
        int count = 0;
        try (JsonParser parser = mapper.getFactory().createParser(body, 0, Math.min(body.length, maxBytes))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return List.of();
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
                    first = parseId(parser.getText());
                } else if ("count".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                    count = parser.getIntValue();
                }
                parser.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            // The rest is unreadable: name what was read before the defect.
        }
        return first == null ? List.of() : idsFrom(first, count);
    }

    /**
     * A chunk's ids follow its first; a count no message of this size could hold is not
     * believed, so a forged count cannot make a worker report on tasks that were never sent.
     */
    private List<TaskId> idsFrom(TaskId first, int count) {
        int size = count > 1 && count <= maxBytes / 3 ? count : 1;
        List<TaskId> ids = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            ids.add(new TaskId(first.batch(), first.seq() + i));
        }
        return ids;
    }

    private static void require(boolean condition, String problem, List<TaskId> ids)
            throws MalformedMessageException {
        if (!condition) {
            throw new MalformedMessageException(problem, ids);
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
