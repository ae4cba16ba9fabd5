package io.taskmill.handler.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;

/** Does nothing and returns nothing: measures Taskmill's own cost per task. */
@TaskType("noop")
public final class NoopHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) {
        return null;
    }
}
