package io.taskmill.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;

/** Records its execution and returns the numbers 1 to its payload: a list for a fan-out. */
@TaskType("upto")
public final class UptoHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) {
        ExecutionLog.record(task);
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (long n = 1; n <= task.payload().asLong(); n++) {
            list.add(n);
        }
        return list;
    }
}
