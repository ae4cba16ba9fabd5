package io.taskmill.task;

import java.util.List;

/**
 * Several completion events written as one log entry: a worker's group commit. They may
 * belong to different batches, so {@link #batch()} is null and readers look inside.
 */
public record CompletionBatch(int v, List<CompletionEvent> events) implements BatchEvent {

    public CompletionBatch {
        events = List.copyOf(events);
    }

    public static CompletionBatch of(List<CompletionEvent> events) {
        return new CompletionBatch(TaskEnvelope.VERSION, events);
    }

    @Override
    public String batch() {
        return null;
    }
}
