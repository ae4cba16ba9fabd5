package io.taskmill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.task.TaskProgress;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/**
 * The one shape of {@code --json}: what a command did or saw is one JSON object on one
 * line; what it lists is one object per line (JSON lines), so a listing of any length
 * streams. Keys are camelCase, counts and times of run are numbers, instants are ISO-8601
 * strings in UTC, and a value not known is null.
 */
final class JsonOutput {

    static final String OBJECT = "Print one JSON object (see Machine-readable output in the README).";
    static final String LINES = "Print one JSON object per line (see Machine-readable output in the README).";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonOutput() {
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode of(Object value) {
        return MAPPER.valueToTree(value);
    }

    static void print(PrintWriter out, JsonNode node) {
        out.println(node.toString());
    }

    /** What running tasks told of their progress: a total not known is null. */
    static ArrayNode progress(List<TaskProgress> told) {
        ArrayNode tasks = MAPPER.createArrayNode();
        for (TaskProgress progress : told) {
            ObjectNode task = tasks.addObject().put("id", progress.id()).put("done", progress.done());
            if (progress.total() < 0) {
                task.putNull("total");
            } else {
                task.put("total", progress.total());
            }
            task.put("message", progress.message()).put("worker", progress.worker()).put("at", instant(progress.at()));
        }
        return tasks;
    }

    static String instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
