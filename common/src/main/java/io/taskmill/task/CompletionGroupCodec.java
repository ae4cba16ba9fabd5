package io.taskmill.task;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The wire form of a worker's group commit, {@code "kind":"group"}: a section per batch and
 * worker, and in it four numbers per task (seq, attempt, milliseconds run, end time after
 * the section's {@code at}); only a task that failed or returned something has an entry in
 * {@code other} (as does one that ran under a lease taken over, with its fencing token). A
 * join reads every completion of its batch, so this is the bulk of what a join reads: about 20 bytes a task instead of the 190 of a {@link CompletionEvent} of its
 * own, and numbers a streaming parser reads without building an object per field.
 *
 * Tasks that ran under a trace are in a section of their trace, which names it once.
 *
 * <pre>{"kind":"group","v":1,"sections":[{"batch":B,"worker":W,"trace":X,"at":T,"tasks":[seq,attempt,ms,dt,...],
 *   "other":[{"i":index,"status":"FAILED","error":E},{"i":index,"result":R},{"i":index,"lease":N}]}]}</pre>
 */
final class CompletionGroupCodec {

    static final String KIND = "group";
    private static final byte[] PREFIX = ("{\"kind\":\"" + KIND + "\"").getBytes(StandardCharsets.US_ASCII);
    private static final int FIELDS_PER_TASK = 4;
    /** What a task without a result reads as, in this form as in a completion event of its own. */
    private static final JsonNode NONE = com.fasterxml.jackson.databind.node.NullNode.getInstance();

    private record Section(String batch, String worker, String trace, List<CompletionEvent> events) {
    }

    private final ObjectMapper mapper;

    CompletionGroupCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Whether {@code body} is written in this form: its first field says so. */
    static boolean isGroup(byte[] body) {
        if (body.length < PREFIX.length) {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (body[i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    byte[] encode(CompletionBatch group) {
        Map<String, Section> sections = new LinkedHashMap<>();
        Section last = null;
        for (CompletionEvent event : group.events()) {
            // Consecutive events are nearly always of one section: no key to build for them.
            if (last == null || !last.batch().equals(event.batch()) || !Objects.equals(last.worker(), event.worker())
                    || !Objects.equals(last.trace(), event.trace())) {
                last = sections.computeIfAbsent(event.batch() + '\n' + event.worker() + '\n' + event.trace(),
                        key -> new Section(event.batch(), event.worker(), event.trace(), new ArrayList<>()));
            }
            last.events().add(event);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 24 * group.events().size());
        try (JsonGenerator json = mapper.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("kind", KIND);
            json.writeNumberField("v", group.v());
            json.writeArrayFieldStart("sections");
            for (Section section : sections.values()) {
                writeSection(json, section);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeSection(JsonGenerator json, Section section) throws IOException {
        long at = section.events().get(0).at();
        json.writeStartObject();
        json.writeStringField("batch", section.batch());
        json.writeStringField("worker", section.worker());
        if (section.trace() != null) {
            json.writeStringField("trace", section.trace());
        }
        json.writeNumberField("at", at);
        json.writeArrayFieldStart("tasks");
        for (CompletionEvent event : section.events()) {
            json.writeNumber(event.taskId().seq());
            json.writeNumber(event.attempt());
            json.writeNumber(event.durationMs());
            json.writeNumber(event.at() - at);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("other");
        for (int i = 0; i < section.events().size(); i++) {
            CompletionEvent event = section.events().get(i);
            if (event.status() == TaskStatus.SUCCEEDED && isAbsent(event.result()) && event.error() == null
                    && event.lease() == 0) {
                continue;
            }
            json.writeStartObject();
            json.writeNumberField("i", i);
            if (event.status() != TaskStatus.SUCCEEDED) {
                json.writeStringField("status", event.status().name());
            }
            if (!isAbsent(event.result())) {
                json.writeFieldName("result");
                TreeWriter.write(json, event.result());
            }
            if (event.error() != null) {
                json.writeStringField("error", event.error());
            }
            if (event.lease() != 0) {
                json.writeNumberField("lease", event.lease());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** Reads a group; anything out of shape is an {@link IllegalArgumentException} or an {@link IOException}. */
    CompletionBatch decode(byte[] body) throws IOException {
        int version = -1;
        List<CompletionEvent> events = new ArrayList<>();
        try (JsonParser json = mapper.createParser(body)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "v" -> version = json.getIntValue();
                    case "sections" -> {
                        expect(value, JsonToken.START_ARRAY);
                        while (json.nextToken() == JsonToken.START_OBJECT) {
                            readSection(json, events);
                        }
                    }
                    default -> json.skipChildren();
                }
            }
        }
        if (version != TaskEnvelope.VERSION) {
            throw new IllegalArgumentException("unsupported schema version " + version);
        }
        return new CompletionBatch(version, events);
    }

    private void readSection(JsonParser json, List<CompletionEvent> into) throws IOException {
        String batch = null;
        String worker = null;
        String trace = null;
        long at = 0;
        long[] tasks = new long[0];
        List<JsonNode> other = List.of();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "batch" -> batch = json.getValueAsString();
                case "worker" -> worker = json.getValueAsString();
                case "trace" -> trace = json.getValueAsString();
                case "at" -> at = json.getLongValue();
                case "tasks" -> {
                    expect(value, JsonToken.START_ARRAY);
                    tasks = readNumbers(json);
                }
                case "other" -> {
                    expect(value, JsonToken.START_ARRAY);
                    other = readObjects(json);
                }
                default -> json.skipChildren();
            }
        }
        BatchId.requireValid(batch);
        if (tasks.length % FIELDS_PER_TASK != 0) {
            throw new IllegalArgumentException("tasks of batch " + batch + " are not in fours");
        }
        int first = into.size();
        addPlain(tasks, batch, worker, at, trace, into);
        for (JsonNode entry : other) {
            applyOther(entry, first, batch, worker, trace, into);
        }
    }

    private static void addPlain(long[] tasks, String batch, String worker, long at, String trace,
                                 List<CompletionEvent> into) {
        String prefix = batch + ":";
        for (int i = 0; i < tasks.length; i += FIELDS_PER_TASK) {
            into.add(new CompletionEvent(TaskEnvelope.VERSION, prefix + tasks[i], batch, TaskStatus.SUCCEEDED, NONE,
                    null, Math.toIntExact(tasks[i + 1]), worker, tasks[i + 2], at + tasks[i + 3], trace));
        }
    }

    /** An outcome that is more than a plain success, over the section's task it names. */
    private static void applyOther(JsonNode entry, int first, String batch, String worker, String trace,
                                   List<CompletionEvent> into) {
        int index = entry.path("i").asInt(-1);
        if (index < 0 || first + index >= into.size()) {
            throw new IllegalArgumentException("an outcome of batch " + batch + " names no task of its section");
        }
        CompletionEvent plain = into.get(first + index);
        TaskStatus status = entry.has("status") ? TaskStatus.valueOf(entry.get("status").asText())
                : TaskStatus.SUCCEEDED;
        JsonNode result = entry.get("result");
        into.set(first + index, new CompletionEvent(plain.v(), plain.id(), batch, status,
                result == null ? NONE : result,
                entry.hasNonNull("error") ? entry.get("error").asText() : null, plain.attempt(), worker,
                plain.durationMs(), plain.at(), trace, entry.path("lease").asLong(0)));
    }

    // The loops of a section are methods of their own: the JIT compiles each once, small, instead of
    // compiling the whole section again around every loop it finds hot.
    private static long[] readNumbers(JsonParser json) throws IOException {
        long[] numbers = new long[64];
        int count = 0;
        while (json.nextToken() != JsonToken.END_ARRAY) {
            if (count == numbers.length) {
                numbers = Arrays.copyOf(numbers, count * 2);
            }
            numbers[count++] = json.getLongValue();
        }
        return Arrays.copyOf(numbers, count);
    }

    private static List<JsonNode> readObjects(JsonParser json) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_OBJECT) {
            objects.add(json.readValueAsTree());
        }
        return objects;
    }

    private static boolean isAbsent(JsonNode result) {
        return result == null || result.isNull();
    }

    private static void expect(JsonToken actual, JsonToken wanted) {
        if (actual != wanted) {
            throw new IllegalArgumentException("expected " + wanted + ", found " + actual);
        }
    }
}
