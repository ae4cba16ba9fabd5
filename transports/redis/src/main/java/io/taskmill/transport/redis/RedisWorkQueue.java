package io.taskmill.transport.redis;

import io.lettuce.core.ScriptOutputType;
import io.taskmill.transport.DeadLetterQueue;
import io.taskmill.transport.DeliveryHandler;
import io.taskmill.transport.Lane;
import io.taskmill.transport.TaskSubscription;
import io.taskmill.transport.WorkQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One lane of a work queue on Redis: a stream that workers read in one consumer group, an
 * entry leaving it once acked; a sorted set of delayed tasks, moved to the stream when due;
 * and the stream of the work queue's dead letters, which every lane shares. An entry's
 * fields are {@code i} (the message id) and {@code b} (the task); a dead letter's also carry
 * its reasons.
 */
final class RedisWorkQueue implements WorkQueue {

    static final String ID = "i";
    static final String BODY = "b";
    private static final byte[] NO_ID = new byte[0];

    private final RedisTransport redis;
    private final String stream;
    private final String later;
    private final String dead;
    private final String workers;
    private final boolean countsWorkers;

    RedisWorkQueue(String name, Lane lane, RedisTransport redis) {
        this.redis = redis;
        this.stream = redis.names().workStream(name, lane);
        this.later = redis.names().later(name, lane);
        this.dead = redis.names().deadStream(name);
        this.workers = redis.names().workers(name);
        // Every worker takes from every lane: its subscription to the default lane is the one counted.
        this.countsWorkers = lane.isDefault();
    }

    @Override
    public CompletableFuture<Void> publish(byte[] body, String messageId) {
        return redis.publisher().publish(stream, messageId == null ? NO_ID
                : messageId.getBytes(StandardCharsets.UTF_8), body);
    }

    /**
     * Waits in the sorted set, scored by the server's clock: no thread waits for it. A second
     * publish of the same id and body is the same member, so two copies of one retry, made
     * at once by the two workers a double delivery reached, are one message.
     */
    @Override
    public CompletableFuture<Void> publishLater(byte[] body, Duration delay, String messageId) {
        if (delay.toMillis() <= 0) {
            return publish(body, messageId);
        }
        byte[] member = member(messageId, body);
        return redis.publisher().write("the delayed message for " + stream, () -> RedisScripts.LATER.<Long>run(
                redis.commands(), ScriptOutputType.INTEGER, new String[] {later},
                Long.toString(delay.toMillis()).getBytes(StandardCharsets.US_ASCII), member)).thenApply(n -> null);
    }

    /** {@code <length of id>:<id><body>}: what {@link RedisScripts#DUE} takes apart. */
    static byte[] member(String messageId, byte[] body) {
        byte[] id = messageId == null ? NO_ID : messageId.getBytes(StandardCharsets.UTF_8);
        byte[] head = (id.length + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] member = new byte[head.length + id.length + body.length];
        System.arraycopy(head, 0, member, 0, head.length);
        System.arraycopy(id, 0, member, head.length, id.length);
        System.arraycopy(body, 0, member, head.length + id.length, body.length);
        return member;
    }

    @Override
    public CompletableFuture<Void> deadLetter(byte[] body, Map<String, String> reason, String messageId) {
        Map<String, byte[]> entry = new LinkedHashMap<>();
        entry.put(ID, messageId == null ? NO_ID : messageId.getBytes(StandardCharsets.UTF_8));
        entry.put(BODY, body);
        reason.forEach((name, value) -> entry.put(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8)));
        return redis.publisher().write("the dead letter for " + dead, () -> redis.commands().xadd(dead, entry)
                .toCompletableFuture()).thenApply(id -> null);
    }

    @Override
    public TaskSubscription consume(int prefetch, DeliveryHandler handler) {
        return new RedisTaskSubscription(this, redis, prefetch, handler);
    }

    @Override
    public DeadLetterQueue deadLetters() {
        return new RedisDeadLetterQueue(redis.sync(), dead);
    }

    String stream() {
        return stream;
    }

    String later() {
        return later;
    }

    String workers() {
        return workers;
    }

    /** Whether a subscription to this lane says its worker is alive (see {@link #workers}). */
    boolean countsWorkers() {
        return countsWorkers;
    }
}
