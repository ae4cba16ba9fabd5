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

    /** How often a reader asks whether its stream is still the one it read: deleted, or deleted and made again. */
    private static final long CHECK_EVERY_MS = 1_000;

    private final RedisTransport redis;
    private final String stream;
    private final long fromEpochMillis;
    /** A log the transport made as it connected: missing when the reader starts, it was deleted. */
    private final boolean made;
    private final EventHandler handler;
    private final Thread follower;
    /** Null until connected: a reader made while the server is away connects once it answers. */
    private volatile StatefulRedisConnection<String, byte[]> connection;
    /** Null until the start is known. */
    private String last;
    private boolean existed;
    private long added = -1;
    private long checkedAt;

    RedisLogReader(RedisTransport redis, String stream, boolean made, long fromEpochMillis, EventHandler handler) {
        super(redis.recovery());
        this.redis = redis;
        this.stream = stream;
        this.made = made;
        this.fromEpochMillis = fromEpochMillis;
        this.handler = handler;
        try {
            begin();
        } catch (RuntimeException e) {
            // Appends wait for the same server: nothing can be missed while it is away.
            lost();
            LOG.info("cannot read {} yet ({}); reading once Redis answers", stream, e.getMessage());
        }
        this.follower = new Thread(this::follow, "taskmill-redis-log");
        follower.setDaemon(true);
        follower.start();
    }

    private void begin() {
        if (connection == null) {
            connection = redis.connector().connect();
        }
        if (last == null) {
            last = start(connection.sync());
        }
    }

    /**
     * The id just before the first entry to read: the newest id now for {@link EventLog#FROM_NOW}
     * (rather than '$', so that a reader lost before its first entry misses none), and for a time
     * past the newest entry (a producer's clock ahead of the server's) too, so that what is
     * appended from now on is read whatever its time.
     */
    private String start(RedisCommands<String, byte[]> reader) {
        boolean exists = reader.exists(stream) > 0;
        existed = exists || made;
        // What the stream had taken in by now: fewer later, and it was deleted and made again meanwhile.
        added = exists && !remade(reader) ? entriesAdded(reader) : made ? Long.MAX_VALUE : -1;
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
                begin();
                entries = connection.sync().xread(XReadArgs.Builder.count(AT_ONCE).block(BLOCK_MS),
                        XReadArgs.StreamOffset.from(stream, last));
                if (state == SubscriptionState.RECOVERING) {
                    LOG.info("reading {} again from entry {}", stream, last);
                    recovered();
                }
                if (deleted()) {
                    return;
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
                existed = true;
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

    /**
     * Once a second a reader asks whether its stream is still the one it read: a reader of a
     * deleted stream would wait for good, and one deleted and made again by the next append
     * would go on as if nothing was missing. What it had not read yet is gone, so it fails at
     * once (a join exits saying so; a worker whose control log went exits for its supervisor).
     * A stream that has never existed (a log nobody appended to yet) is only quiet.
     */
    private boolean deleted() {
        long now = System.currentTimeMillis();
        if (now - checkedAt < CHECK_EVERY_MS) {
            return false;
        }
        checkedAt = now;
        if (connection.sync().exists(stream) == 0) {
            return existed && gone("was deleted");
        }
        existed = true;
        long addedNow = entriesAdded(connection.sync());
        if (addedNow < added || remade(connection.sync())) {
            return gone("was deleted and made again");
        }
        added = addedNow;
        return false;
    }

    /** A log the transport makes, there without the group it is made with: an append made it again. */
    private boolean remade(RedisCommands<String, byte[]> reader) {
        if (!made) {
            return false;
        }
        for (Object group : reader.xinfoGroups(stream)) {
            if (group instanceof List<?> fields
                    && RedisNames.MADE.equals(RedisReplies.text(RedisReplies.fields(fields).get("name")))) {
                return false;
            }
        }
        return true;
    }

    private long entriesAdded(RedisCommands<String, byte[]> reader) {
        return RedisReplies.number(RedisReplies.fields(reader.xinfoStream(stream)).get("entries-added"));
    }

    private boolean gone(String how) {
        gaveUp(new TransportException("the log " + stream + " " + how + " under this reader: what it had not read "
                + "yet is gone"));
        connection.close();
        return true;
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
            if (connection != null) {
                connection.close();
            }
            return false;
        }
        return backOff(delay);
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
        StatefulRedisConnection<String, byte[]> open = connection;
        if (open != null) {
            open.close();
        }
        if (Thread.currentThread() != follower) {
            try {
                follower.join(BLOCK_MS * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
