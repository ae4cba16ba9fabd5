package io.taskmill.task;

import java.util.List;

/**
 * A message that cannot become a valid envelope or event: undecodable, of an unknown
 * schema version, missing a field, or too large. It is dead-lettered, never retried.
 * {@link #taskIds()} names every task the message carried, as far as their ids could still
 * be read, so that their batch counts them as failed instead of waiting for them.
 */
public class MalformedMessageException extends Exception {

    private final transient List<TaskId> taskIds;

    public MalformedMessageException(String message, List<TaskId> taskIds) {
        super(message);
        this.taskIds = List.copyOf(taskIds);
    }

    /** The tasks of this message that can be named; empty when no id could be read. */
    public List<TaskId> taskIds() {
        return taskIds;
    }
}
