package io.taskmill.transport.redis;

/**
 * The few steps that must happen at once on the server: each is one Lua script, which Redis
 * runs without anything in between. Times are the server's ({@code TIME}), so that workers
 * whose clocks differ agree on when a delayed task is due.
 */
final class RedisScripts {

    /**
     * task_done: the entries leave the group's pending list and the stream. KEYS: stream;
     * ARGV: group, entry ids.
     */
    static final RedisScript ACK = RedisScript.of("""
            local ids = {unpack(ARGV, 2)}
            redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
            return redis.call('XDEL', KEYS[1], unpack(ids))
            """);

    /** Publishes tasks, in order. KEYS: the stream; ARGV: message id, body, message id, body, ... */
    static final RedisScript PUBLISH = RedisScript.of("""
            for i = 1, #ARGV, 2 do
              redis.call('XADD', KEYS[1], '*', 'i', ARGV[i], 'b', ARGV[i + 1])
            end
            return #ARGV / 2
            """);

    /**
     * A delayed task waits in a sorted set, scored by when it is due by the server's clock.
     * KEYS: the set; ARGV: delay in ms, the member ({@link RedisWorkQueue#member}).
     */
    static final RedisScript LATER = RedisScript.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
            return 1
            """);

    /**
     * Moves the delayed tasks that are due to their work streams, at most ARGV[1] of them a
     * set. KEYS: pairs of a set and its stream. A member is {@code <length of id>:<id><body>}.
     */
    static final RedisScript DUE = RedisScript.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local moved = 0
            for k = 1, #KEYS, 2 do
              local due = redis.call('ZRANGEBYSCORE', KEYS[k], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
              for _, member in ipairs(due) do
                local colon = string.find(member, ':', 1, true)
                local length = tonumber(string.sub(member, 1, colon - 1))
                redis.call('XADD', KEYS[k + 1], '*', 'i', string.sub(member, colon + 1, colon + length),
                  'b', string.sub(member, colon + length + 1))
                redis.call('ZREM', KEYS[k], member)
              end
              moved = moved + #due
            end
            return moved
            """);

    /**
     * A work queue's depth across its lanes: whether any lane's stream exists; the entries no
     * worker holds (acked entries are deleted, so a stream holds those not delivered yet and the
     * pending ones), counting as ready the pending entries idle for the reclaim time, which the
     * next worker to look takes (handed back, or a dead worker's); and the delayed tasks.
     * KEYS: pairs of a lane's stream and its set; ARGV: group, reclaim time in ms.
     */
    static final RedisScript DEPTH = RedisScript.of("""
            local exists, ready, later = 0, 0, 0
            for k = 1, #KEYS, 2 do
              if redis.call('EXISTS', KEYS[k]) == 1 then
                exists = 1
                local held = 0
                local pending = redis.pcall('XPENDING', KEYS[k], ARGV[1])
                if type(pending) == 'table' and pending.err == nil and tonumber(pending[1]) > 0 then
                  local idle = redis.call('XPENDING', KEYS[k], ARGV[1], 'IDLE', ARGV[2], '-', '+', 100000)
                  held = tonumber(pending[1]) - #idle
                end
                ready = ready + redis.call('XLEN', KEYS[k]) - held
              end
              later = later + redis.call('ZCARD', KEYS[k + 1])
            end
            return {exists, ready, later}
            """);

    /**
     * Sets the idle time of those of the listed entries this consumer still holds: 0 to keep
     * them from being reclaimed while their tasks run, the reclaim time to hand them back at
     * once. An entry another worker took meanwhile (this one stalled) stays with it. KEYS:
     * stream; ARGV: group, consumer, idle ms, entry ids.
     */
    static final RedisScript HOLD = RedisScript.of("""
            local claim = {'XCLAIM', KEYS[1], ARGV[1], ARGV[2], '0'}
            for i = 4, #ARGV do
              local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
              if #pending > 0 and pending[1][2] == ARGV[2] then
                claim[#claim + 1] = ARGV[i]
              end
            end
            if #claim == 5 then
              return 0
            end
            claim[#claim + 1] = 'IDLE'
            claim[#claim + 1] = ARGV[3]
            claim[#claim + 1] = 'JUSTID'
            redis.call(unpack(claim))
            return #claim - 8
            """);

    /**
     * A worker says it is alive: its subscription's consumer name, scored by the server's
     * time, in the queue's set of workers. KEYS: the set; ARGV: consumer.
     */
    static final RedisScript SEEN = RedisScript.of("""
            local t = redis.call('TIME')
            redis.call('ZADD', KEYS[1], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
            return 1
            """);

    /**
     * The workers seen within ARGV[1] ms; those not seen for an hour are forgotten. A consumer
     * of the group itself is no sign of life: Redis makes one only once it has delivered to it,
     * and a worker busy with all it holds asks for nothing. KEYS: the set of workers.
     */
    static final RedisScript LIVE = RedisScript.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 3600000)
            return redis.call('ZCOUNT', KEYS[1], now - tonumber(ARGV[1]), '+inf')
            """);

    private RedisScripts() {
    }
}
