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
 * @param control what the task asks of, and tells, its worker: see {@link #cancelled()} and {@link #progress}
 */
public record TaskContext(TaskId id, JsonNode payload, int attempt, String worker, FileAccess files,
                          TaskControl control) {

    /** A task that may open any file its process can read, of a batch nobody cancels. */
    public TaskContext(TaskId id, JsonNode payload, int attempt, String worker) {
        this(id, payload, attempt, worker, FileAccess.unrestricted());
    }

    /** A task of a batch nobody cancels, whose progress nobody follows. */
    public TaskContext(TaskId id, JsonNode payload, int attempt, String worker, FileAccess files) {
        this(id, payload, attempt, worker, files, TaskControl.NONE);
    }

    /**
     * True once the task's batch is cancelled (by {@code taskmill cancel}, the API or the
     * dashboard, from any process): the worker also interrupts the handler's thread, but a
     * handler that never blocks, a loop of computation say, polls this and returns. Whatever
     * it returns then, the task counts as cancelled.
     */
    public boolean cancelled() {
        return control.cancelled();
    }

    /**
     * Tells how far the task has got: {@code taskmill join}'s progress line, the Pool API's
     * progress listeners, {@code taskmill status} and the dashboard show it while the task runs.
     * Call it as often as you like, on every step of a loop: the worker keeps only the latest
     * and sends it at most once a second.
     *
     * @param done    units of work done so far
     * @param total   units in all, or -1 when unknown
     * @param message what the task is doing now, or null; at most 200 characters are kept
     */
    public void progress(long done, long total, String message) {
        control.progress(done, total, message);
    }

    /**
     * The fencing token of this execution: 0 for the task's first holder, one more each time
     * a worker took a long task over from one that stopped renewing its lease (see the README's
     * "Long tasks and leases"). A handler that writes elsewhere passes it along, so that the
     * store refuses a write with a lower token than one it has seen: a superseded holder that
     * wakes up late cannot overwrite its successor's work. Its completion is ignored anyway.
     */
    public long fencingToken() {
        return control.fencingToken();
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
