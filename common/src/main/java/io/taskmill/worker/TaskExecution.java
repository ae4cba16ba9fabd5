package io.taskmill.worker;

import io.taskmill.task.TaskId;

/**
 * An attempt of a task has ended here, and what comes of it.
 *
 * @param outcome    {@code succeeded}, {@code retried} (failed, another attempt is due),
 *                   {@code dead_lettered} (failed for good) or {@code cancelled}
 * @param errorClass the simple name of what the handler threw ({@code TimeLimitExceeded},
 *                   {@code ResultTooLarge} for the worker's own refusals); null when it succeeded
 */
public record TaskExecution(TaskId id, String type, int attempt, String outcome, long durationMs, String errorClass) {
}
