package io.taskmill.task;

/**
 * A batch was cancelled. In the log it is a cut-off: a task not final before it is
 * cancelled, whatever is reported for it later, so every join of the batch agrees. Workers
 * skip the batch's tasks that have not started and interrupt those that have.
 */
public record BatchCancelled(int v, String batch, long at) implements BatchEvent {

    public static BatchCancelled of(String batch, long at) {
        return new BatchCancelled(TaskEnvelope.VERSION, batch, at);
    }
}
