package io.taskmill.transport.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskmill.transport.DeadLetter;
import io.taskmill.transport.DeadLetterQueue;
import io.taskmill.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Dead letters in a stream, read by id: the newest id when a visit begins bounds it, and a
 * letter that is removed is deleted by id.
 */
final class RedisDeadLetterQueue implements DeadLetterQueue {

    private static final int PAGE = 100;

    private final RedisCommands<String, byte[]> redis;
    private final String stream;

    RedisDeadLetterQueue(RedisCommands<String, byte[]> redis, String stream) {
        this.redis = redis;
        this.stream = stream;
    }

    @Override
    public int visit(int limit, Predicate<DeadLetter> remove) {
        try {
            List<StreamMessage<String, byte[]>> newest = redis.xrevrange(stream, Range.create("-", "+"), Limit.from(1));
            if (newest.isEmpty()) {
                return 0;
            }
            Range.Boundary<String> end = Range.Boundary.including(newest.get(0).getId());
            Range.Boundary<String> from = Range.Boundary.unbounded();
            int seen = 0;
            int removed = 0;
            while (seen < limit) {
                List<StreamMessage<String, byte[]>> page = redis.xrange(stream, Range.from(from, end),
                        Limit.from(Math.min(PAGE, limit - seen)));
                if (page.isEmpty()) {
                    break;
                }
                for (StreamMessage<String, byte[]> entry : page) {
                    seen++;
                    if (remove.test(letter(entry.getBody()))) {
                        redis.xdel(stream, entry.getId());
                        removed++;
                    }
                    from = Range.Boundary.excluding(entry.getId());
                }
            }
            return removed;
        } catch (RuntimeException e) {
            throw new TransportException("cannot read dead letters in " + stream + ": " + e.getMessage(), e);
        }
    }

    private static DeadLetter letter(Map<String, byte[]> fields) {
        Map<String, String> reason = new HashMap<>();
        fields.forEach((name, value) -> {
            if (!name.equals(RedisWorkQueue.ID) && !name.equals(RedisWorkQueue.BODY)) {
                reason.put(name, new String(value, StandardCharsets.UTF_8));
            }
        });
        byte[] id = fields.get(RedisWorkQueue.ID);
        byte[] body = fields.get(RedisWorkQueue.BODY);
        return new DeadLetter(body == null ? new byte[0] : body, reason,
                id == null || id.length == 0 ? null : new String(id, StandardCharsets.UTF_8));
    }

    @Override
    public long purge() {
        try {
            long letters = redis.xlen(stream);
            redis.del(stream);
            return letters;
        } catch (RuntimeException e) {
            throw new TransportException("cannot purge " + stream + ": " + e.getMessage(), e);
        }
    }
}
