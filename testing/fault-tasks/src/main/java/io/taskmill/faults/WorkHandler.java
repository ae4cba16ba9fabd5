package io.taskmill.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;

/** Records its execution, then sleeps {@code ms}: ordinary work that the fault suite can count. */
@TaskType("work")
public final class WorkHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) throws InterruptedException {
        ExecutionLog.record(task);
        Thread.sleep(task.requireNonNegativeLong("ms"));
        return null;
    }
}
