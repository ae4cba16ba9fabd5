package io.taskmill.transport.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskmill.transport.Topology;
import java.util.concurrent.TimeUnit;

/**
 * The Redis server that tests use: {@code TASKMILL_TEST_REDIS}, the machine's server at
 * 127.0.0.1:6379 by default. Tests name their keys under a prefix of their own and delete
 * them afterwards, so that the shared server is left as it was found.
 */
public final class RedisTestBroker {

    private RedisTestBroker() {
    }

    public static String uri() {
        String fromEnv = System.getenv("TASKMILL_TEST_REDIS");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "redis://127.0.0.1:6379";
    }

    /** Deletes every key of a topology: its queues, delayed tasks, dead letters, logs and list of queues. */
    public static void deleteKeys(String uri, Topology topology) {
        RedisClient client = RedisClient.create(uri.replaceFirst("\\?.*$", ""));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            for (String pattern : new String[] {topology.prefix() + ".*", topology.prefix() + ":*"}) {
                ScanCursor cursor = ScanCursor.INITIAL;
                do {
                    KeyScanCursor<String> keys = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1_000));
                    if (!keys.getKeys().isEmpty()) {
                        redis.del(keys.getKeys().toArray(String[]::new));
                    }
                    cursor = keys;
                } while (!cursor.isFinished());
            }
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
