package io.taskmill.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;

/** Fails its first two attempts and succeeds on the third. */
@TaskType("flaky")
public final class FlakyHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) {
        ExecutionLog.record(task);
        if (task.attempt() <= 2) {
            throw new IllegalStateException("flaky failure on attempt " + task.attempt());
        }
        return null;
    }
}
