package io.taskmill.transport.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The consumers of a group as {@code XINFO CONSUMERS} tells them: each one's entries held,
 * and how long since it last read or renewed what it holds.
 */
record RedisConsumers(List<Member> members) {

    /** One consumer: its name, the entries it holds, milliseconds since it was last seen. */
    record Member(String name, long pending, long idleMs) {
    }

    /** From the reply's shape in RESP2: per consumer, a flat list of names and values. */
    static RedisConsumers of(List<Object> reply) {
        List<Member> members = new ArrayList<>();
        for (Object consumer : reply) {
            if (consumer instanceof List<?> list) {
                Map<String, Object> fields = RedisReplies.fields(list);
                if (fields.containsKey("name")) {
                    members.add(new Member(RedisReplies.text(fields.get("name")),
                            RedisReplies.number(fields.get("pending")), RedisReplies.number(fields.get("idle"))));
                }
            }
        }
        return new RedisConsumers(List.copyOf(members));
    }

    /** Consumers that hold nothing and were last seen over {@code idleMs} ago: workers that are gone. */
    List<String> gone(long idleMs) {
        return members.stream().filter(member -> member.pending() == 0 && member.idleMs() > idleMs)
                .map(Member::name).toList();
    }
}
