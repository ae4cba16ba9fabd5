package com.example.shout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;
import org.springframework.stereotype.Component;

/** A task type as a Spring bean: the starter registers every {@code @TaskType} bean with the application's worker. */
@Component
@TaskType("shout")
public class ShoutHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) {
        return JsonNodeFactory.instance.objectNode().put("text", task.requireText("text").toUpperCase() + "!")
                .put("worker", task.worker());
    }
}
