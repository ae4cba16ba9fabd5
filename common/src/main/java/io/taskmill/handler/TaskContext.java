package io.taskmill.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.task.TaskId;

/**
 * What a handler knows of the task it runs.
 *
 * @param id      the task's id
 * @param payload the input, as submitted
 * @param attempt 1 on the first execution, higher on retries
 * @param worker  the id of the worker process running it
 * @param files   the files it may open: read them through it, so that the worker's
 *                {@code --allow-path} holds
 */
public record TaskContext(TaskId id, JsonNode payload, int attempt, String worker, FileAccess files) {

    /** A task that may open any file its process can read. */
    public TaskContext(TaskId id, JsonNode payload, int attempt, String worker) {
        this(id, payload, attempt, worker, FileAccess.unrestricted());
    }

    /** A required text field of the payload, or a {@link NonRetryableTaskException} naming it. */
    public String requireText(String field) {
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual()) {
            throw new NonRetryableTaskException("payload needs a text field '" + field + "'");
        }
        return value.asText();
    }

    /** A required non-negative integer field of the payload, or a {@link NonRetryableTaskException}. */
    public long requireNonNegativeLong(String field) {
        JsonNode value = payload.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw new NonRetryableTaskException("payload needs a non-negative integer field '" + field + "'");
        }
        return value.asLong();
    }
}
