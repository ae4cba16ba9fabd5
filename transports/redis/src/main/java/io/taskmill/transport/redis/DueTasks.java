package io.taskmill.transport.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves due delayed tasks to their streams for every work queue (and lane) a process consumes,
 * in one script a look: a worker takes from every lane of its queue, and a look a lane would
 * be a score of scripts every {@link #EVERY_MS} ms for sets that are nearly always empty.
 */
final class DueTasks {

    private static final Logger LOG = LoggerFactory.getLogger(DueTasks.class);
    /** How often due delayed tasks are moved: a delay is late by at most this. */
    static final long EVERY_MS = 50;
    private static final byte[] AT_ONCE = "1000".getBytes(StandardCharsets.US_ASCII);

    /** A queue's set of delayed tasks and its stream, with how many subscriptions consume it. */
    private final Map<List<String>, Integer> watched = new ConcurrentHashMap<>();
    private final RedisAsyncCommands<String, byte[]> commands;

    DueTasks(RedisAsyncCommands<String, byte[]> commands) {
        this.commands = commands;
    }

    void watch(RedisWorkQueue queue) {
        watched.merge(key(queue), 1, Integer::sum);
    }

    void unwatch(RedisWorkQueue queue) {
        watched.computeIfPresent(key(queue), (key, subscriptions) -> subscriptions == 1 ? null : subscriptions - 1);
    }

    void move() {
        List<String> keys = new ArrayList<>();
        watched.keySet().forEach(keys::addAll);
        if (keys.isEmpty()) {
            return;
        }
        RedisScripts.DUE.<Long>run(commands, ScriptOutputType.INTEGER, keys.toArray(String[]::new), AT_ONCE)
                .whenComplete((moved, failure) -> {
                    if (failure != null) {
                        LOG.debug("delayed tasks of {} not moved: {}", keys, failure.toString());
                    }
                });
    }

    private static List<String> key(RedisWorkQueue queue) {
        return List.of(queue.later(), queue.stream());
    }
}
