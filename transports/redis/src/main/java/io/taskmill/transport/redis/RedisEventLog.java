package io.taskmill.transport.redis;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.XTrimArgs;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.LogRetention;
import io.taskmill.transport.Subscription;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log on a Redis stream. An entry's id is the server's time in milliseconds and a
 * sequence, so a read from a point in time starts exactly there ({@link RedisLogReader}).
 * Redis trims a stream by age ({@code MINID}, on every append) and by length, not by bytes:
 * the size limit is kept as a length, from the entries' average size, checked once a
 * twentieth of it has been appended.
 */
final class RedisEventLog implements EventLog {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEventLog.class);
    static final String DATA = "d";
    /** What Redis keeps beside an entry's bytes: its id and field name, roughly. */
    private static final long ENTRY_OVERHEAD = 16;

    private final RedisTransport redis;
    private final String stream;
    private final LogRetention retention;
    private final boolean made;
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong appendedBytes = new AtomicLong();
    private final AtomicLong bytesSinceTrim = new AtomicLong();

    /** @param made whether the transport made the log's stream as it connected */
    RedisEventLog(RedisTransport redis, String stream, LogRetention retention, boolean made) {
        this.redis = redis;
        this.stream = stream;
        this.retention = retention;
        this.made = made;
    }

    @Override
    public CompletableFuture<Void> append(byte[] body) {
        XAddArgs args = new XAddArgs();
        retention.maxAge().ifPresent(age -> args.minId(Long.toString(redis.clock().millis() - age.toMillis()))
                .approximateTrimming());
        CompletableFuture<Void> appendedNow = redis.publisher().write("the entry for " + stream,
                () -> redis.commands().xadd(stream, args, Map.of(DATA, body)).toCompletableFuture())
                .thenApply(id -> null);
        retention.maxBytes().ifPresent(max -> trimBySize(max, body.length + ENTRY_OVERHEAD));
        return appendedNow;
    }

    private void trimBySize(long maxBytes, long entryBytes) {
        long entries = appended.incrementAndGet();
        long bytes = appendedBytes.addAndGet(entryBytes);
        if (bytesSinceTrim.addAndGet(entryBytes) < maxBytes / 20) {
            return;
        }
        bytesSinceTrim.set(0);
        long keep = Math.max(1, maxBytes / Math.max(1, bytes / entries));
        redis.commands().xtrim(stream, XTrimArgs.Builder.maxlen(keep).approximateTrimming()).whenComplete(
                (dropped, failure) -> {
                    if (failure != null) {
                        LOG.debug("{} not trimmed: {}", stream, failure.toString());
                    }
                });
    }

    /**
     * The time just after the oldest entry left, once a trim dropped any: entries of a batch
     * created before it may be gone. A log loses entries only to trims (nothing deletes one),
     * so it dropped some when more were added than it holds.
     */
    @Override
    public long horizon() {
        try {
            List<Object> info = redis.commands().xinfoStream(stream).get(10, TimeUnit.SECONDS);
            Map<String, Object> fields = RedisReplies.fields(info);
            long added = RedisReplies.number(fields.get("entries-added"));
            long length = RedisReplies.number(fields.get("length"));
            Object first = fields.get("recorded-first-entry-id");
            if (added <= length || first == null) {
                return 0;
            }
            long millis = RedisLogReader.millisOf(RedisReplies.text(first));
            return millis == 0 ? 0 : millis + 1;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Not knowing (a stream not there yet, a server before 7.0) is what the contract allows: the join then
            // goes on as it would have.
            return 0;
        }
    }

    @Override
    public Subscription read(long fromEpochMillis, EventHandler handler) {
        return new RedisLogReader(redis, stream, made, fromEpochMillis, handler);
    }
}
