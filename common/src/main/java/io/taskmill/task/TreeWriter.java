package io.taskmill.task;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a JSON tree onto a generator directly. {@link JsonGenerator#writeTree} goes through
 * the mapper and makes a serializer provider for every call, which cost more than hashing a
 * small file does when a result or payload is written per task. Iterative: the depth is
 * the generator's to limit, not the stack's.
 */
final class TreeWriter {

    private TreeWriter() {
    }

    static void write(JsonGenerator json, JsonNode root) throws IOException {
        // Each open container's remaining children, and whether it is an object, to close it once exhausted.
        ArrayDeque<Iterator<?>> open = new ArrayDeque<>();
        ArrayDeque<Boolean> objects = new ArrayDeque<>();
        JsonNode next = root;
        while (true) {
            if (next != null) {
                if (next.isObject()) {
                    json.writeStartObject();
                    open.push(next.fields());
                    objects.push(true);
                } else if (next.isArray()) {
                    json.writeStartArray();
                    open.push(next.elements());
                    objects.push(false);
                } else {
                    scalar(json, next);
                }
                next = null;
            }
            if (open.isEmpty()) {
                return;
            }
            Iterator<?> rest = open.peek();
            if (!rest.hasNext()) {
                open.pop();
                if (objects.pop()) {
                    json.writeEndObject();
                } else {
                    json.writeEndArray();
                }
                continue;
            }
            Object item = rest.next();
            if (item instanceof Map.Entry<?, ?> field) {
                json.writeFieldName((String) field.getKey());
                next = (JsonNode) field.getValue();
            } else {
                next = (JsonNode) item;
            }
        }
    }

    private static void scalar(JsonGenerator json, JsonNode node) throws IOException {
        if (node.isTextual()) {
            json.writeString(node.textValue());
        } else if (node.isNull() || node.isMissingNode()) {
            json.writeNull();
        } else if (node.isBoolean()) {
            json.writeBoolean(node.booleanValue());
        } else if (node.isInt() || node.isShort()) {
            json.writeNumber(node.intValue());
        } else if (node.isLong()) {
            json.writeNumber(node.longValue());
        } else if (node.isBigInteger()) {
            json.writeNumber(node.bigIntegerValue());
        } else if (node.isBigDecimal()) {
            json.writeNumber(node.decimalValue());
        } else if (node.isFloat()) {
            json.writeNumber(node.floatValue());
        } else if (node.isDouble()) {
            json.writeNumber(node.doubleValue());
        } else {
            // Binary and POJO nodes: rare in a task's data, and the mapper knows them.
            json.writeTree(node);
        }
    }
}
