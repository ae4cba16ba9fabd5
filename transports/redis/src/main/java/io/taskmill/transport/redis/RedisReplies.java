package io.taskmill.transport.redis;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the untyped replies of {@code XINFO}: in RESP2 a flat list of names and values, the
 * text ones decoded as the connection's values are (bytes).
 */
final class RedisReplies {

    private RedisReplies() {
    }

    static Map<String, Object> fields(List<?> reply) {
        Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            fields.put(text(reply.get(i)), reply.get(i + 1));
        }
        return fields;
    }

    static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /** A number, or 0 for none. */
    static long number(Object value) {
        if (value == null) {
            return 0;
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(text(value));
    }
}
