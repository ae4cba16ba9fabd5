package io.taskmill.task;

import java.util.Optional;

/**
 * A message that cannot become a valid envelope or event: undecodable, of an unknown
 * schema version, missing a field, or too large. It is dead-lettered, never retried.
 * When the task id could still be read, {@link #taskId()} names it so that its batch can
 * count it as failed.
 */
public final class MalformedMessageException extends Exception {

    private final transient TaskId taskId;

    public MalformedMessageException(String message, TaskId taskId) {
        super(message);
        this.taskId = taskId;
    }

    public Optional<TaskId> taskId() {
        return Optional.ofNullable(taskId);
    }
}
