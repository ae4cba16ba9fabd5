package io.taskmill.coordinator;

/**
 * A join of a batch that the event log does not hold, or that its producer opened but
 * never sealed: nothing will ever complete it, so the join ends instead of waiting.
 */
public class NoSuchBatchException extends RuntimeException {

    private final String batch;

    public NoSuchBatchException(String batch, String message) {
        super(message);
        this.batch = batch;
    }

    public String batch() {
        return batch;
    }
}
