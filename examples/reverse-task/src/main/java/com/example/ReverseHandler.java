package com.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;

/** Reverses {@code {"text": "..."}}: the README's example of a task type added without rebuilding Taskmill. */
@TaskType("reverse")
public final class ReverseHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) {
        String text = task.requireText("text");
        return JsonNodeFactory.instance.objectNode().put("reversed", new StringBuilder(text).reverse().toString());
    }
}
