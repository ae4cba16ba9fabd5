package io.taskmill.task;

/**
 * A worker saw the batch final and offers to fire its callback. The first proposal in log
 * order fires it; a proposal made {@code CallbackBook.LEASE} after the one holding it, with
 * no firing between, takes over from a proposer that died.
 */
public record CallbackProposed(int v, String batch, String proposal, String by, long at) implements BatchEvent {

    public static CallbackProposed of(String batch, String proposal, String by, long at) {
        return new CallbackProposed(TaskEnvelope.VERSION, batch, proposal, by, at);
    }
}
