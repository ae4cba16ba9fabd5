package io.taskmill.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;

/** Always throws: a task that can only end in the dead-letter queue. */
@TaskType("fail")
public final class FailHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) {
        ExecutionLog.record(task);
        throw new IllegalArgumentException("this task always fails");
    }
}
