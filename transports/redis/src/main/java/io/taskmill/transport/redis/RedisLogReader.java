package io.taskmill.transport.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.HealingSubscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.TransportException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a log stream from an entry id on a connection of its own ({@code XREAD}, waiting a
 * second at most), remembering the last id it read: after a loss it reads on from there, so
 * no entry is delivered twice or skipped. If it cannot read again within the recovery
 * timeout it fails for good, through {@link #failure()}.
 */
final class RedisLogReader extends HealingSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLogReader.class);
    private static final long BLOCK_MS = 1_000;
    private static final int AT_ONCE = 1_000;
    /** The largest sequence of a millisecond: an id read after it starts at the next millisecond. */
    private static final String LAST_OF_MILLISECOND = "-18446744073709551615";

    private final RedisTransport redis;
    private final String stream;
    private final EventHandler handler;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> reader;
    private final Thread follower;
    private String last;

    RedisLogReader(RedisTransport redis, String stream, long fromEpochMillis, EventHandler handler) {
        super(redis.recovery());
        this.redis = redis;
        this.stream = stream;
        this.handler = handler;
        this.connection = redis.connector().connect();
        this.reader = connection.sync();
        try {
            this.last = start(fromEpochMillis);
        } catch (RuntimeException e) {
            connection.close();
            throw new TransportException("cannot read the log " + stream + ": " + e.getMessage(), e);
        }
        this.follower = new Thread(this::follow, "taskmill-redis-log");
        follower.setDaemon(true);
        follower.start();
    }

    /**
     * The id just before the first entry to read: the newest id now for {@link EventLog#FROM_NOW}
     * (rather than '$', so that a reader lost before its first entry misses none), and for a time
     * past the newest entry (a producer's clock ahead of the server's) too, so that what is
     * appended from now on is read whatever its time.
     */
    private String start(long fromEpochMillis) {
        List<StreamMessage<String, byte[]>> newest = reader.xrevrange(stream, Range.create("-", "+"), Limit.from(1));
        String now = newest.isEmpty() ? "0-0" : newest.get(0).getId();
        if (fromEpochMillis == EventLog.FROM_NOW || fromEpochMillis > millisOf(now)) {
            return now;
        }
        return fromEpochMillis <= 0 ? "0-0" : (fromEpochMillis - 1) + LAST_OF_MILLISECOND;
    }

    /** The milliseconds of an entry id ({@code 1733390000000-3}). */
    static long millisOf(String id) {
        int dash = id.indexOf('-');
        try {
            return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void follow() {
        while (state == SubscriptionState.ACTIVE || state == SubscriptionState.RECOVERING) {
            List<StreamMessage<String, byte[]>> entries;
            try {
                entries = reader.xread(XReadArgs.Builder.count(AT_ONCE).block(BLOCK_MS),
                        XReadArgs.StreamOffset.from(stream, last));
                if (state == SubscriptionState.RECOVERING) {
                    LOG.info("reading {} again from entry {}", stream, last);
                    recovered();
                }
            } catch (RuntimeException e) {
                if (!recover(e)) {
                    return;
                }
                continue;
            }
            for (StreamMessage<String, byte[]> entry : entries) {
                if (state != SubscriptionState.ACTIVE) {
                    return;
                }
                last = entry.getId();
                byte[] body = entry.getBody().get(RedisEventLog.DATA);
                if (body == null) {
                    continue;
                }
                try {
                    handler.onEvent(body);
                } catch (RuntimeException e) {
                    LOG.warn("event handler failed; event skipped: {}", e.toString());
                }
            }
        }
    }

    private boolean recover(RuntimeException failure) {
        if (state == SubscriptionState.STOPPED) {
            return false;
        }
        if (lost()) {
            LOG.info("reader of {} lost ({}); reading again", stream, failure.getMessage());
        }
        long delay = nextTry();
        if (delay < 0) {
            gaveUp(new TransportException("lost the log " + stream + " and could not read it again within "
                    + redis.options().recoveryTimeout().toSeconds() + " s: " + failure.getMessage(), failure));
            connection.close();
            return false;
        }
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void cancel() {
        close();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (state == SubscriptionState.STOPPED) {
                return;
            }
            state = SubscriptionState.STOPPED;
        }
        // Ends the follower's wait for entries at once: its read fails, and it sees it was stopped.
        connection.close();
        if (Thread.currentThread() != follower) {
            try {
                follower.join(BLOCK_MS * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
