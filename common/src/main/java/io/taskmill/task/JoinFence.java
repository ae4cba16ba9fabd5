package io.taskmill.task;

/**
 * Written by a coordinator when it starts: once it reads its own fence back, it has seen
 * every event logged before it started (a replay that reopened a task, say), and may
 * decide that its batch is complete.
 */
public record JoinFence(int v, String batch, String fence, long at) implements BatchEvent {

    public static JoinFence of(String batch, String fence, long at) {
        return new JoinFence(TaskEnvelope.VERSION, batch, fence, at);
    }
}
