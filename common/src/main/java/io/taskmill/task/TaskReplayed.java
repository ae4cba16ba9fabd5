package io.taskmill.task;

/**
 * A dead-lettered task was put back on its work queue: it is not final any more, and its
 * batch waits for its next outcome.
 */
public record TaskReplayed(int v, String id, String batch, long at) implements BatchEvent {

    public static TaskReplayed of(TaskId id, long at) {
        return new TaskReplayed(TaskEnvelope.VERSION, id.toString(), id.batch(), at);
    }

    public TaskId taskId() {
        return TaskId.parse(id);
    }
}
