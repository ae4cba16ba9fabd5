package io.taskmill.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one line and returns: a handler whose log lines a test can look for its task's context in. */
@TaskType("chatty")
public final class ChattyHandler implements TaskHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ChattyHandler.class);

    @Override
    public JsonNode handle(TaskContext task) {
        LOG.info("chatty task says hello");
        return null;
    }
}
