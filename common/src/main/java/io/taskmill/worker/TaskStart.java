package io.taskmill.worker;

import io.taskmill.task.TaskId;

/**
 * A worker thread begins an attempt of a task.
 *
 * @param waitedMs milliseconds from the task's creation by its producer (that producer's clock) to now
 */
public record TaskStart(TaskId id, String type, int attempt, long waitedMs) {
}
