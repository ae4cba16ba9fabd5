package io.taskmill.task;

/** The producer has published, and the broker confirmed, every task of the batch: {@code total} of them. */
public record BatchSealed(int v, String batch, long total, long sealedAt) implements BatchEvent {

    public static BatchSealed of(String batch, long total, long sealedAt) {
        return new BatchSealed(TaskEnvelope.VERSION, batch, total, sealedAt);
    }
}
