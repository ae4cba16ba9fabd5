package io.taskmill.task;

/**
 * A task's identity: its batch and its position in it. The position makes a batch's tasks
 * a dense range {@code 0..total-1}, so the coordinator tracks them in bit sets rather than
 * in a set of strings.
 */
public record TaskId(String batch, long seq) {

    public TaskId {
        BatchId.requireValid(batch);
        if (seq < 0) {
            throw new IllegalArgumentException("task sequence must be >= 0, was " + seq);
        }
    }

    /** Parses the {@code batch:seq} form produced by {@link #toString()}. */
    public static TaskId parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("task id must look like BATCH:SEQ, was '" + text + "'");
        }
        try {
            return new TaskId(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("task id must end with a number, was '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return batch + ":" + seq;
    }
}
