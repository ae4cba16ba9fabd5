package io.taskmill.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One task as it travels through the broker.
 *
 * @param v           schema version; readers reject versions they do not know
 * @param id          {@code batch:seq}, unique per task
 * @param batch       the batch the task belongs to
 * @param type        the task type, naming a {@link io.taskmill.handler.TaskHandler}
 * @param payload     the handler's input
 * @param attempt     1 for the first execution
 * @param maxAttempts executions allowed before the task is dead-lettered; 0 for its type's default
 * @param timeLimitMs how long one attempt may run
 * @param createdAt   epoch millis when the producer created the task
 * @param headers     free-form string metadata
 */
public record TaskEnvelope(int v, String id, String batch, String type, JsonNode payload,
                           int attempt, int maxAttempts, long timeLimitMs, long createdAt, Map<String, String> headers) {

    public static final int VERSION = 1;

    public TaskEnvelope {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static TaskEnvelope create(TaskId id, String type, JsonNode payload, long timeLimitMs, long createdAt) {
        return new TaskEnvelope(VERSION, id.toString(), id.batch(), type, payload, 1, 0, timeLimitMs, createdAt, Map.of());
    }

    public TaskEnvelope withMaxAttempts(int max) {
        return new TaskEnvelope(v, id, batch, type, payload, attempt, max, timeLimitMs, createdAt, headers);
    }

    /** The same task for its next attempt. */
    public TaskEnvelope nextAttempt() {
        return new TaskEnvelope(v, id, batch, type, payload, attempt + 1, maxAttempts, timeLimitMs, createdAt, headers);
    }

    /** The same task from its first attempt again: a dead letter replayed. */
    public TaskEnvelope firstAttempt() {
        return new TaskEnvelope(v, id, batch, type, payload, 1, maxAttempts, timeLimitMs, createdAt, headers);
    }

    public TaskId taskId() {
        return TaskId.parse(id);
    }
}
