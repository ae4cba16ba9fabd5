package io.taskmill.coordinator;

/**
 * A join of a batch older than what the event log still holds (dropped by age or by size):
 * some of its events may be gone, so it is not counted at all rather than counted wrong.
 */
public final class BatchExpiredException extends NoSuchBatchException {

    public BatchExpiredException(String batch, String message) {
        super(batch, message);
    }
}
