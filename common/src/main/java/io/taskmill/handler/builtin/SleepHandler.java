package io.taskmill.handler.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;

/** Sleeps {@code {"ms": N}} milliseconds, interruptibly: a task of known length for tests. */
@TaskType("sleep")
public final class SleepHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) throws InterruptedException {
        Thread.sleep(task.requireNonNegativeLong("ms"));
        return null;
    }
}
