package io.taskmill.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;

/** Records its execution and returns twice its payload, a number: a chain's step. */
@TaskType("double")
public final class DoubleHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) {
        ExecutionLog.record(task);
        return JsonNodeFactory.instance.numberNode(task.payload().asLong() * 2);
    }
}
