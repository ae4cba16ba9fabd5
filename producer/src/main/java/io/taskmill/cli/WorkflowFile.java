package io.taskmill.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.task.Callback;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A workflow as {@code taskmill run} reads it: a first step of one or more tasks, then steps
 * that each run once the one before is final.
 *
 * <pre>{@code
 * {"queue": "default",
 *  "steps": [{"type": "upto", "payload": 7},
 *            {"type": "double", "input": "each"},
 *            {"type": "report", "input": "summary", "onFailure": "continue", "payload": {"to": "ops"}}]}
 * }</pre>
 *
 * @param type     the first step's task type
 * @param payloads the first step's tasks, one per payload
 * @param then     the steps after it, nested; null when there are none
 */
record WorkflowFile(String type, List<JsonNode> payloads, Callback then) {

    private static final Set<String> FIELDS = Set.of("queue", "steps");
    private static final Set<String> FIRST = Set.of("type", "payload", "payloads");
    private static final Set<String> LATER = Set.of("type", "payload", "input", "onFailure", "queue");

    /** @throws IllegalArgumentException naming the file and what is wrong in it, in one line */
    static WorkflowFile read(Path file, ObjectMapper mapper, String defaultQueue) {
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no workflow file " + file);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        String where = file.toString();
        requireObject(root, where, FIELDS);
        String queue = root.hasNonNull("queue") ? text(root, "queue", where) : defaultQueue;
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw new IllegalArgumentException(where + ": \"steps\" must be a list of at least one step");
        }
        JsonNode first = steps.get(0);
        String at = where + ": step 1";
        requireObject(first, at, FIRST);
        if (first.has("payload") && first.has("payloads")) {
            throw new IllegalArgumentException(at + " has both \"payload\" and \"payloads\": give one");
        }
        List<JsonNode> payloads = new ArrayList<>();
        if (first.has("payloads")) {
            JsonNode all = first.get("payloads");
            if (!all.isArray() || all.isEmpty()) {
                throw new IllegalArgumentException(at + ": \"payloads\" must be a list of at least one payload");
            }
            all.forEach(payloads::add);
        } else {
            payloads.add(first.has("payload") ? first.get("payload") : mapper.createObjectNode());
        }
        Callback then = null;
        for (int i = steps.size() - 1; i >= 1; i--) {
            Callback step = step(steps.get(i), where + ": step " + (i + 1), queue);
            then = then == null ? step : step.then(then);
        }
        return new WorkflowFile(text(first, "type", at), payloads, then);
    }

    private static Callback step(JsonNode step, String at, String queue) {
        requireObject(step, at, LATER);
        Callback.Input input = Callback.Input.RESULT;
        if (step.has("input")) {
            input = choice(step, "input", at, Callback.Input.class);
        }
        Callback.OnFailure onFailure = Callback.OnFailure.STOP;
        if (step.has("onFailure")) {
            onFailure = choice(step, "onFailure", at, Callback.OnFailure.class);
        }
        return new Callback(text(step, "type", at), step.get("payload"),
                step.hasNonNull("queue") ? text(step, "queue", at) : queue, input, onFailure, null);
    }

    private static <E extends Enum<E>> E choice(JsonNode step, String field, String at, Class<E> choices) {
        String value = text(step, field, at);
        for (E choice : choices.getEnumConstants()) {
            if (choice.name().toLowerCase(Locale.ROOT).equals(value)) {
                return choice;
            }
        }
        List<String> names = new ArrayList<>();
        for (E choice : choices.getEnumConstants()) {
            names.add(choice.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(at + ": \"" + field + "\" is one of " + String.join(", ", names) + ", was '"
                + value + "'");
    }

    private static void requireObject(JsonNode node, String at, Set<String> fields) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(at + " must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new IllegalArgumentException(at + " has an unknown field \"" + name + "\" (known: "
                        + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(at + ": \"" + field + "\" must be a non-empty string");
        }
        return value.asText();
    }
}
