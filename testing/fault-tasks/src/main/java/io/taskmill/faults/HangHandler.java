package io.taskmill.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;

/** Spins for {@code ms}, swallowing interrupts: a handler that will not stop at its time limit. */
@TaskType("hang")
public final class HangHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) {
        ExecutionLog.record(task);
        long until = System.nanoTime() + task.requireNonNegativeLong("ms") * 1_000_000;
        while (System.nanoTime() < until) {
            Thread.interrupted();
            Thread.onSpinWait();
        }
        return null;
    }
}
