package io.taskmill.worker;

import io.taskmill.task.TaskId;

/**
 * Hears what a {@link WorkerEngine} does, for logging, metrics and tests. Methods run on
 * worker or transport threads and must return quickly.
 */
public interface WorkerListener {

    /** A delivery's outcome is durable and the delivery is about to be acked. */
    default void beforeAck(TaskId id, String outcome) {
    }

    /**
     * A handler ignored the interrupt at its time limit for longer than the grace period.
     * Its thread cannot be reclaimed: the process should stop so that the broker redelivers
     * its tasks elsewhere, and a supervisor restarts it.
     */
    default void wedged(TaskId id, long overLimitMs) {
    }
}
