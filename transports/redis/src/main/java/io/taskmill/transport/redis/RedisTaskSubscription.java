package io.taskmill.transport.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import io.taskmill.transport.Delivery;
import io.taskmill.transport.DeliveryHandler;
import io.taskmill.transport.DeliveryWindow;
import io.taskmill.transport.Headers;
import io.taskmill.transport.HealingSubscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.TaskSubscription;
import io.taskmill.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's share of a work queue's consumer group. A thread of its own, on a connection of
 * its own, reads as many entries as the window has room for ({@code XREADGROUP}, waiting a
 * second at most) and, every second, takes over entries that went unrenewed for the reclaim
 * time ({@code XAUTOCLAIM}): a dead worker's, or ones whose reply a lost connection swallowed.
 * Every third of that time it renews what it holds, so a long task is not taken while it
 * runs; a worker that stalls stops renewing and loses its tasks, which is why long tasks are
 * leased. While it takes, its lane's due delayed tasks are moved to the stream ({@link DueTasks}).
 * On a loss it reads again with backoff, or fails for good after the recovery timeout.
 */
final class RedisTaskSubscription extends HealingSubscription implements TaskSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTaskSubscription.class);
    private static final long BLOCK_MS = 1_000;
    private static final long RECLAIM_EVERY_MS = 1_000;
    /** Ids per renewal script: a Lua call takes a few thousand arguments at most. */
    private static final int RENEW_AT_ONCE = 500;
    private static final String START = "0-0";
    /** How often a worker removes consumers of workers long gone from the group, and how long gone they are. */
    private static final long SWEEP_EVERY_MS = 60_000;
    private static final long GONE_AFTER_MS = 3_600_000;

    private final RedisWorkQueue queue;
    private final RedisTransport redis;
    private final DeliveryHandler handler;
    private final DeliveryWindow window;
    private final String consumer;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> reader;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    /** Acks go out together: one command for those settled while the last was out. */
    private final Coalescer<String> acks;
    private final ScheduledFuture<?> renewal;
    private final Thread fetcher;
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private volatile boolean taking = true;
    private String cursor = START;
    private long nextReclaim;
    private long nextSweep;

    RedisTaskSubscription(RedisWorkQueue queue, RedisTransport redis, int prefetch, DeliveryHandler handler) {
        super(redis.recovery());
        this.queue = queue;
        this.redis = redis;
        this.handler = handler;
        this.window = new DeliveryWindow(prefetch);
        this.consumer = redis.consumerName();
        this.acks = new Coalescer<>(RENEW_AT_ONCE, this::sendAcks);
        this.connection = redis.connector().connect();
        this.reader = connection.sync();
        try {
            createGroup();
        } catch (RuntimeException e) {
            connection.close();
            throw new TransportException("cannot consume from " + queue.stream() + ": " + e.getMessage(), e);
        }
        seen();
        long every = redis.options().renewEvery().toMillis();
        this.renewal = redis.timer().scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
        redis.dueTasks().watch(queue);
        this.fetcher = new Thread(this::fetchLoop, "taskmill-redis-fetch");
        fetcher.setDaemon(true);
        fetcher.start();
    }

    /** From the stream's start: tasks published before any worker came are read too. */
    private void createGroup() {
        try {
            reader.xgroupCreate(XReadArgs.StreamOffset.from(queue.stream(), START), RedisNames.GROUP,
                    XGroupCreateArgs.Builder.mkstream());
        } catch (RedisCommandExecutionException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    @Override
    public void resize(int deliveries) {
        window.resize(deliveries);
    }

    private void fetchLoop() {
        while (taking) {
            int room;
            try {
                room = window.take(BLOCK_MS);
            } catch (InterruptedException e) {
                return;
            }
            if (room == 0) {
                continue;
            }
            int received = 0;
            try {
                long now = System.currentTimeMillis();
                if (now >= nextReclaim) {
                    nextReclaim = now + RECLAIM_EVERY_MS;
                    received += reclaim(room);
                }
                if (now >= nextSweep) {
                    nextSweep = now + SWEEP_EVERY_MS;
                    sweep();
                }
                if (received < room && taking) {
                    List<StreamMessage<String, byte[]>> entries = reader.xreadgroup(
                            Consumer.from(RedisNames.GROUP, consumer), XReadArgs.Builder.count(room - received)
                                    .block(BLOCK_MS), XReadArgs.StreamOffset.lastConsumed(queue.stream()));
                    if (state == SubscriptionState.RECOVERING) {
                        LOG.info("subscribed to {} again after {} tries", queue.stream(), tries());
                        recovered();
                    }
                    for (StreamMessage<String, byte[]> entry : entries) {
                        received++;
                        offer(entry, 0);
                    }
                }
            } catch (RuntimeException e) {
                window.release(room - received);
                if (!taking) {
                    return;
                }
                if (!recover(e)) {
                    return;
                }
                continue;
            }
            window.release(room - received);
        }
    }

    /**
     * A group that is gone (the stream deleted, or a server restarted without its data) is made
     * again at once; anything else waits its backoff. False once the recovery timeout passed.
     */
    private boolean recover(RuntimeException failure) {
        String message = String.valueOf(failure.getMessage());
        // NOGROUP: read after the stream went; UNBLOCKED: waiting for entries when it went.
        if (message.startsWith("NOGROUP") || message.startsWith("UNBLOCKED")) {
            LOG.warn("the consumer group of {} is gone; making it again", queue.stream());
            try {
                createGroup();
                LOG.info("subscribed to {} again", queue.stream());
                return true;
            } catch (RuntimeException again) {
                failure = again;
            }
        }
        if (lost()) {
            LOG.warn("lost the subscription to {}: {}; reading again", queue.stream(), failure.getMessage());
        }
        long delay = nextTry();
        if (delay < 0) {
            gaveUp(new TransportException("lost the subscription to " + queue.stream() + " and could not read it "
                    + "again within " + redis.options().recoveryTimeout().toSeconds() + " s (" + tries()
                    + " tries; last: " + failure.getMessage() + ")", failure));
            return false;
        }
        return backOff(delay);
    }

    /** Takes over entries nobody renewed for the reclaim time, with their delivery counts. */
    private int reclaim(int room) {
        ClaimedMessages<String, byte[]> claimed = reader.xautoclaim(queue.stream(), XAutoClaimArgs.Builder.xautoclaim(
                Consumer.from(RedisNames.GROUP, consumer), redis.options().reclaimAfter(), cursor).count(room));
        cursor = claimed.getId() == null ? START : claimed.getId();
        List<StreamMessage<String, byte[]>> entries = claimed.getMessages().stream()
                .filter(entry -> entry != null && entry.getBody() != null && !entry.getBody().isEmpty()).toList();
        if (entries.isEmpty()) {
            return 0;
        }
        Map<String, Long> deliveries = new HashMap<>();
        for (PendingMessage pending : reader.xpending(queue.stream(), Consumer.from(RedisNames.GROUP, consumer),
                Range.create(entries.get(0).getId(), entries.get(entries.size() - 1).getId()),
                Limit.from(held.size() + entries.size()))) {
            deliveries.put(pending.getId(), pending.getRedeliveryCount());
        }
        for (StreamMessage<String, byte[]> entry : entries) {
            long previous = Math.max(1, deliveries.getOrDefault(entry.getId(), 2L) - 1);
            if (previous >= redis.options().deliveryLimit()) {
                giveUp(entry, previous);
            } else {
                offer(entry, previous);
            }
        }
        LOG.info("took over {} deliveries of {} that went unrenewed for {} s", entries.size(), queue.stream(),
                redis.options().reclaimAfter().toSeconds());
        return entries.size();
    }

    /**
     * The group's own limit, as RabbitMQ's and JetStream's: a task whose every delivery took its
     * worker down before the worker could report it (it does one delivery before the limit) is
     * dead-lettered here, then acked.
     */
    private void giveUp(StreamMessage<String, byte[]> entry, long previous) {
        window.release(1);
        byte[] id = entry.getBody().get(RedisWorkQueue.ID);
        Map<String, String> reason = Map.of(Headers.REASON, "delivery-limit",
                Headers.ERROR, "delivered " + (previous + 1) + " times (delivery-limit "
                        + redis.options().deliveryLimit() + ") without being settled",
                Headers.DELIVERY, queue.stream() + ":" + entry.getId());
        LOG.warn("task {} of {} delivered {} times without being settled: to the dead letters", entry.getId(),
                queue.stream(), previous + 1);
        queue.deadLetter(entry.getBody().get(RedisWorkQueue.BODY), reason,
                id == null || id.length == 0 ? null : new String(id, StandardCharsets.UTF_8))
                .thenRun(() -> acks.add(entry.getId()));
    }

    /**
     * Each subscription is a consumer of its own in the group, and a group keeps its
     * consumers until told: those that hold nothing and were not seen for an hour go.
     */
    private void sweep() {
        for (String gone : RedisConsumers.of(reader.xinfoConsumers(queue.stream(), RedisNames.GROUP))
                .gone(GONE_AFTER_MS)) {
            reader.xgroupDelconsumer(queue.stream(), Consumer.from(RedisNames.GROUP, gone));
        }
    }

    private void offer(StreamMessage<String, byte[]> entry, long previousDeliveries) {
        if (!taking) {
            handBack(List.of(entry.getId()));
            window.release(1);
            return;
        }
        held.add(entry.getId());
        handler.onDelivery(new RedisDelivery(entry.getId(), entry.getBody().get(RedisWorkQueue.BODY),
                previousDeliveries));
    }

    /** Keeps what this worker holds from being reclaimed while its tasks run, and says it is alive. */
    private void renew() {
        hold(new ArrayList<>(held), 0);
        seen();
    }

    private void seen() {
        if (!queue.countsWorkers()) {
            return;
        }
        RedisScripts.SEEN.<Long>run(redis.commands(), ScriptOutputType.INTEGER, new String[] {queue.workers()},
                bytes(consumer)).whenComplete((done, failure) -> {
                    if (failure != null) {
                        LOG.debug("{} not told this worker is alive: {}", queue.workers(), failure.toString());
                    }
                });
    }

    /** Makes entries reclaimable at once: another worker's next look takes them. */
    private void handBack(List<String> ids) {
        hold(ids, redis.options().reclaimAfter().toMillis() + RECLAIM_EVERY_MS);
    }

    private void hold(List<String> ids, long idleMs) {
        for (int from = 0; from < ids.size(); from += RENEW_AT_ONCE) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + RENEW_AT_ONCE));
            byte[][] args = new byte[3 + part.size()][];
            args[0] = bytes(RedisNames.GROUP);
            args[1] = bytes(consumer);
            args[2] = bytes(Long.toString(idleMs));
            for (int i = 0; i < part.size(); i++) {
                args[3 + i] = bytes(part.get(i));
            }
            RedisScripts.HOLD.<Long>run(redis.commands(), ScriptOutputType.INTEGER, new String[] {queue.stream()}, args)
                    .whenComplete((kept, failure) -> {
                        if (failure != null) {
                            LOG.debug("deliveries of {} not renewed: {}", queue.stream(), failure.toString());
                        }
                    });
        }
    }

    private CompletableFuture<Long> sendAcks(List<String> entries) {
        byte[][] args = new byte[1 + entries.size()][];
        args[0] = bytes(RedisNames.GROUP);
        for (int i = 0; i < entries.size(); i++) {
            args[1 + i] = bytes(entries.get(i));
        }
        return RedisScripts.ACK.<Long>run(redis.commands(), ScriptOutputType.INTEGER, new String[] {queue.stream()},
                args).whenComplete((deleted, failure) -> {
                    if (failure != null) {
                        // The entries stay pending: they are reclaimed after the reclaim time, and the tally dedups.
                        LOG.debug("{} acks in {} not sent: {}", entries.size(), queue.stream(), failure.toString());
                    }
                });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void cancel() {
        taking = false;
        if (watching.compareAndSet(true, false)) {
            redis.dueTasks().unwatch(queue);
        }
        stop();
    }

    /** Stops reading; what is held and not yet settled is handed back for the next look of another worker. */
    @Override
    public void close() {
        cancel();
        try {
            fetcher.join(BLOCK_MS * 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        renewal.cancel(false);
        List<String> left = new ArrayList<>();
        for (String id : held) {
            if (held.remove(id)) {
                left.add(id);
            }
        }
        handBack(left);
        if (queue.countsWorkers()) {
            redis.commands().zrem(queue.workers(), bytes(consumer));
        }
        connection.close();
    }

    /** An entry held by this worker; settled once. */
    private final class RedisDelivery implements Delivery {

        private final String entry;
        private final byte[] body;
        private final long previousDeliveries;

        RedisDelivery(String entry, byte[] body, long previousDeliveries) {
            this.entry = entry;
            this.body = body;
            this.previousDeliveries = previousDeliveries;
        }

        @Override
        public byte[] body() {
            return body;
        }

        @Override
        public boolean redelivered() {
            return previousDeliveries > 0;
        }

        /** The group's own count, from its pending entries. */
        @Override
        public long previousDeliveries() {
            return previousDeliveries;
        }

        @Override
        public String identity() {
            return queue.stream() + ":" + entry;
        }

        @Override
        public void ack() {
            if (!held.remove(entry)) {
                return;
            }
            window.release(1);
            acks.add(entry);
        }
    }
}
