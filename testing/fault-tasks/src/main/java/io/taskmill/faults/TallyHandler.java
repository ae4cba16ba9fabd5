package io.taskmill.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;

/**
 * A batch callback that records its execution and returns the counts it was given, without
 * the results: what the fault suite checks a callback ran once, over the whole batch.
 */
@TaskType("tally")
public final class TallyHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) {
        ExecutionLog.record(task);
        ObjectNode counts = task.payload().path("batch").deepCopy();
        counts.remove("results");
        return counts;
    }
}
