package io.taskmill.faults;

import io.taskmill.task.TaskId;
import io.taskmill.worker.WorkerListener;
import java.util.concurrent.atomic.AtomicLong;

/**
 * With {@code TASKMILL_FAULT_HALT_BEFORE_ACK=N}, halts the JVM (as {@code kill -9} would)
 * at the Nth task whose completion event is confirmed but whose delivery is not yet acked.
 */
public final class HaltBeforeAck implements WorkerListener {

    private final long haltAt = Long.parseLong(System.getenv().getOrDefault("TASKMILL_FAULT_HALT_BEFORE_ACK", "0"));
    private final AtomicLong completions = new AtomicLong();

    @Override
    public void beforeAck(TaskId id, String outcome) {
        if (haltAt > 0 && "completed".equals(outcome) && completions.incrementAndGet() == haltAt) {
            Runtime.getRuntime().halt(137);
        }
    }
}
