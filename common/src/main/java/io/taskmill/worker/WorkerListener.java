package io.taskmill.worker;

import io.taskmill.task.TaskId;
import io.taskmill.transport.TransportException;
import java.util.List;

/**
 * Hears what a {@link WorkerEngine} does, for logging, metrics and tests. Methods run on
 * worker or transport threads and must return quickly. The consumer also loads listeners
 * with {@link java.util.ServiceLoader} from its plugin directory.
 */
public interface WorkerListener {

    /** One listener that tells each of {@code listeners} in turn. */
    static WorkerListener all(List<WorkerListener> listeners) {
        List<WorkerListener> copy = List.copyOf(listeners);
        return new WorkerListener() {
            @Override
            public void started(TaskStart start) {
                copy.forEach(listener -> listener.started(start));
            }

            @Override
            public void executed(TaskExecution execution) {
                copy.forEach(listener -> listener.executed(execution));
            }

            @Override
            public void beforeAck(TaskId id, String outcome) {
                copy.forEach(listener -> listener.beforeAck(id, outcome));
            }

            @Override
            public void wedged(TaskId id, long overLimitMs) {
                copy.forEach(listener -> listener.wedged(id, overLimitMs));
            }

            @Override
            public void lost(TransportException reason) {
                copy.forEach(listener -> listener.lost(reason));
            }
        };
    }

    /** An attempt of a task begins, on the thread that runs it. */
    default void started(TaskStart start) {
    }

    /** An attempt of a task has ended, on the thread that ran it: before its outcome is made durable. */
    default void executed(TaskExecution execution) {
    }

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

    /**
     * The engine lost its work queue or the control log and could not subscribe again
     * within the transport's recovery timeout: it takes no more tasks. The process should
     * exit non-zero so that its supervisor restarts it.
     */
    default void lost(TransportException reason) {
    }
}
