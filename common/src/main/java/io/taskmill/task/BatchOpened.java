package io.taskmill.task;

/**
 * The first event of a batch, confirmed before any of its tasks is published, so that every
 * other event of the batch comes after it in the log. A coordinator that reads the log from
 * a point in time knows it started early enough only if it meets this event before any
 * other of the batch: the batch id's time is the producer's clock, which may be wrong.
 */
public record BatchOpened(int v, String batch, long openedAt) implements BatchEvent {

    public static BatchOpened of(String batch, long openedAt) {
        return new BatchOpened(TaskEnvelope.VERSION, batch, openedAt);
    }
}
