package io.taskmill.handler;

/** What a running task asks of, and tells, the worker that runs it. */
public interface TaskControl {

    /** For a task run outside a worker (a test, say): never cancelled, its progress told to nobody. */
    TaskControl NONE = new TaskControl() {
        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public void progress(long done, long total, String message) {
            // Nobody follows it.
        }
    };

    /** Whether the task's batch has been cancelled since the task started. */
    boolean cancelled();

    /** How far the task has got; cheap enough to call on every step of a tight loop. */
    void progress(long done, long total, String message);

    /** The fencing token of the lease the task runs under: 0 unless taken over (see {@link TaskContext#fencingToken()}). */
    default long fencingToken() {
        return 0;
    }
}
