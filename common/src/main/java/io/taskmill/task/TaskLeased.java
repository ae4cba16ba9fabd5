package io.taskmill.task;

/**
 * A worker holds one attempt of a task past the broker's own patience: it acknowledged the
 * delivery early, left a delayed copy to take over should it die, and renews this entry
 * while the task runs. Whether an entry holds is decided in log order, as every reader of
 * the log sees the same order (see {@code io.taskmill.coordinator.LeaseBook}): the first
 * lease of an attempt holds; an entry of the same claim renews it (until 0 releases it); an
 * entry of another claim takes the attempt over only once the lease it meets has lapsed,
 * with the next fencing token. A completion of that attempt counts only from the holder of
 * the latest lease, so a late completion of a superseded holder is a duplicate.
 *
 * @param claim  names one holder's lease across its renewals
 * @param until  epoch millis, on the holder's clock, until which the holder answers for the
 *               attempt; 0 when it let go of it (it failed and a retry took its place)
 */
public record TaskLeased(int v, String id, String batch, int attempt, String claim, String worker, long until,
                         long at) implements BatchEvent {

    public static TaskLeased of(TaskId id, int attempt, String claim, String worker, long until, long at) {
        return new TaskLeased(TaskEnvelope.VERSION, id.toString(), id.batch(), attempt, claim, worker, until, at);
    }

    /** The holder let go of the attempt: nobody is to take it over. */
    public boolean released() {
        return until == 0;
    }

    public TaskId taskId() {
        return TaskId.parse(id);
    }
}
