package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import io.taskmill.transport.Continuations;
import io.taskmill.transport.TransportException;
import io.taskmill.transport.UnroutableException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes on one channel in confirm mode with a bounded window of outstanding confirms.
 * Every publish is {@code mandatory}: a message the broker cannot route comes back and
 * its future fails instead of the message vanishing.
 *
 * <p>Confirms are matched to publishes by sequence number, and a recovered channel numbers
 * its publishes from 1 again, so numbers are only compared within one life of the channel
 * (a generation). When the channel goes down, every outstanding publish fails: the broker
 * will never confirm it. Until the client has recovered the channel and put it back in
 * confirm mode, publishes fail at once; one made in between would go out unnumbered and
 * wait for a confirm that never comes. And a publish the broker leaves unconfirmed for
 * {@link #CONFIRM_PATIENCE} fails too, so no caller waits on one for good, and the channel is replaced
 * by a new one: what the broker keeps for a channel that publishes to a stream or a quorum queue (a writer
 * with the channel's sequence, which the broker deduplicates by) can go astray when the queue's leader is cut
 * off, and on such a channel a RabbitMQ 3.10 cluster was seen to confirm, in a millisecond, an append it never
 * wrote. A new channel is a new writer. A channel the broker closes alone (a channel error, its
 * connection up) is replaced too: the client recovers channels only with their connection. Futures complete
 * on the transport's {@link Continuations}, never on the client's connection thread, which
 * reads the confirms: a caller's continuation that published again and waited would wait
 * there for a confirm only that thread can read.
 */
final class ConfirmingPublisher {

    /** Carries the publish sequence number so that a returned message can be matched to its future. */
    private static final String SEQ_HEADER = "x-taskmill-publish-seq";

    private static final long WINDOW_PATIENCE_SECONDS = 30;
    static final Duration CONFIRM_PATIENCE = Duration.ofSeconds(60);
    private static final String NOT_READY = "the channel is closed, or being recovered";

    private record Pending(CompletableFuture<Void> future, long generation, long publishedAt) {
    }

    /** Opens the channels this publisher publishes on: its first, and any that replaces one. */
    @FunctionalInterface
    interface ChannelSource {
        Channel open() throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfirmingPublisher.class);

    private final ChannelSource source;
    private final Object lock = new Object();
    private volatile Channel channel;
    private final Duration patience;
    private final AtomicBoolean replacing = new AtomicBoolean();
    private final AtomicLong replacements = new AtomicLong();
    private final int maxOutstanding;
    private final Clock clock;
    private final Continuations continuations;
    private final Semaphore window;
    private final ConcurrentNavigableMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
    private final Set<Long> returned = ConcurrentHashMap.newKeySet();
    private volatile long generation;
    private volatile boolean ready = true;

    ConfirmingPublisher(ChannelSource source, int maxOutstanding, Duration patience, Clock clock,
                        ScheduledExecutorService scheduler, Continuations continuations) throws IOException {
        this.source = source;
        this.maxOutstanding = maxOutstanding;
        this.patience = patience;
        this.clock = clock;
        this.continuations = continuations;
        this.window = new Semaphore(maxOutstanding);
        this.channel = attach(source.open());
        long sweep = Math.max(1, patience.toMillis() / 4);
        scheduler.scheduleWithFixedDelay(this::expire, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** Confirm mode and this publisher's listeners; a listener of a channel since replaced ignores what it hears. */
    private Channel attach(Channel opened) throws IOException {
        opened.confirmSelect();
        opened.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long seq, boolean multiple) {
                if (opened == channel) {
                    settle(seq, multiple, null);
                }
            }

            @Override
            public void handleNack(long seq, boolean multiple) {
                if (opened == channel) {
                    settle(seq, multiple, "the broker refused the message (nack)");
                }
            }
        });
        opened.addReturnListener(message -> {
            if (opened == channel) {
                onReturn(message);
            }
        });
        opened.addShutdownListener(cause -> {
            if (opened == channel) {
                onShutdown(cause);
            }
        });
        if (opened instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    // Called once the new channel is in confirm mode with our listeners on it.
                    if (opened == channel) {
                        ready = true;
                    }
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    if (opened == channel) {
                        ready = false;
                    }
                }
            });
        }
        return opened;
    }

    /**
     * @param headers    extra headers, may be empty
     * @param expiration per-message TTL in ms, or null
     */
    CompletableFuture<Void> publish(String routingKey, String messageId, String type, byte[] body,
                                    Map<String, ?> headers, String expiration) {
        return publish("", routingKey, messageId, type, body, headers, expiration);
    }

    /** As {@link #publish(String, String, String, byte[], Map, String)}, to an exchange of its own. */
    CompletableFuture<Void> publish(String exchange, String routingKey, String messageId, String type, byte[] body,
                                    Map<String, ?> headers, String expiration) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        if (!ready) {
            confirmed.completeExceptionally(new TransportException(NOT_READY));
            return confirmed;
        }
        try {
            // Bounded: a window that does not open (confirms that never come) fails this publish for its
            // caller to try again, instead of holding the caller's thread, a worker's, for good.
            if (!window.tryAcquire(WINDOW_PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                confirmed.completeExceptionally(new TransportException("the broker confirmed none of "
                        + maxOutstanding + " messages in flight for " + WINDOW_PATIENCE_SECONDS + " s"));
                return confirmed;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            confirmed.completeExceptionally(new TransportException("interrupted while waiting to publish"));
            return confirmed;
        }
        long seq = -1;
        Pending entry = null;
        try {
            synchronized (lock) {
                long life = generation;
                seq = channel.getNextPublishSeqNo();
                if (!ready || seq <= 0) {
                    window.release();
                    confirmed.completeExceptionally(new TransportException(NOT_READY));
                    return confirmed;
                }
                entry = new Pending(confirmed, life, clock.millis());
                Pending stale = pending.put(seq, entry);
                if (stale != null) {
                    fail(stale, "the channel was recovered before the broker confirmed the message");
                }
                channel.basicPublish(exchange, routingKey, true, properties(messageId, type, headers, expiration, seq),
                        body);
            }
            if (generation != entry.generation()) {
                // The channel went down around this publish: its number may belong to the old channel
                // and the message to the new one. Publish it again rather than trust either.
                fail(seq, entry, "the channel was recovered while the message was published");
            }
        } catch (IOException | RuntimeException e) {
            failAll("publish failed: " + e.getMessage());
        }
        return confirmed;
    }

    /** With a timestamp: a stream's reader tells by it how far back the stream is whole ({@link StreamHorizon}). */
    private AMQP.BasicProperties properties(String messageId, String type, Map<String, ?> headers,
                                                   String expiration, long seq) {
        Map<String, Object> allHeaders = new HashMap<>(headers);
        allHeaders.put(SEQ_HEADER, seq);
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .timestamp(new Date(clock.millis()))
                .messageId(messageId)
                .type(type)
                .expiration(expiration)
                .headers(allHeaders)
                .build();
    }

    private void onReturn(Return message) {
        Object seq = message.getProperties().getHeaders() == null ? null
                : message.getProperties().getHeaders().get(SEQ_HEADER);
        if (seq instanceof Long number) {
            returned.add(number);
        }
    }

    private void settle(long seq, boolean multiple, String refusal) {
        long life = generation;
        Map<Long, Pending> done = multiple ? pending.headMap(seq, true) : pending.subMap(seq, true, seq, true);
        List<Runnable> outcomes = new ArrayList<>();
        for (Map.Entry<Long, Pending> settled : Set.copyOf(done.entrySet())) {
            Pending entry = settled.getValue();
            if (entry.generation() != life || !pending.remove(settled.getKey(), entry)) {
                continue;
            }
            window.release();
            if (returned.remove(settled.getKey())) {
                outcomes.add(() -> entry.future().completeExceptionally(
                        new UnroutableException("unroutable: the broker has no queue for it")));
            } else if (refusal != null) {
                outcomes.add(() -> entry.future().completeExceptionally(new TransportException(refusal)));
            } else {
                outcomes.add(() -> entry.future().complete(null));
            }
        }
        if (!outcomes.isEmpty()) {
            // One hand-over for a confirm of many messages: a thread hop each would cost more than the confirm.
            continuations.run(() -> outcomes.forEach(Runnable::run));
        }
    }

    private void onShutdown(ShutdownSignalException cause) {
        ready = false;
        generation++;
        returned.clear();
        failAll("the channel closed before the broker confirmed the message");
        if (!cause.isHardError() && !cause.isInitiatedByApplication()) {
            // The broker closed this channel alone. The client recovers a channel only with its connection, which
            // is up: without a new channel this publisher would refuse every publish for as long as it lives.
            LOG.warn("lost a publishing channel ({}); opening another", ResubscribingConsumer.describe(cause));
            replaceSoon("the broker closed");
        }
    }

    /** Fails what the broker has left unconfirmed for too long, for the callers to publish again on a new channel. */
    private void expire() {
        long cutoff = clock.millis() - patience.toMillis();
        List<Map.Entry<Long, Pending>> expired = pending.entrySet().stream()
                .filter(entry -> entry.getValue().publishedAt() <= cutoff).toList();
        if (expired.isEmpty()) {
            return;
        }
        synchronized (lock) {
            // Closed to publishes before any caller hears of the expiry: a caller that published again at once
            // went out on the old channel, whose writer was seen to confirm, and never write, just that.
            ready = false;
        }
        for (Map.Entry<Long, Pending> entry : expired) {
            fail(entry.getKey(), entry.getValue(), "the broker did not confirm the message within "
                    + patience.toSeconds() + " s");
        }
        replaceSoon("left a confirm unanswered for " + patience.toSeconds() + " s");
    }

    /** @param why what the replaced channel did, as the log says it ("left a confirm unanswered for 60 s") */
    private void replaceSoon(String why) {
        if (replacing.compareAndSet(false, true)) {
            // On a thread of its own: opening a channel on a link that answers nothing waits for the client's
            // RPC timeout, and neither the scheduler's thread, which serves every recovery of the transport, nor
            // the connection's, which tells of a closed channel, may wait that long.
            Thread replacer = new Thread(() -> replaceChannel(why), "taskmill-channel-replace");
            replacer.setDaemon(true);
            replacer.start();
        }
    }

    /**
     * Publishes fail at once while the new channel opens, and go on failing until one is open: the old one is
     * never trusted again. It is closed only once a new one is open, so that a connection that is down now
     * still recovers it, as a channel the broker makes anew (and the recovery opens publishing again).
     */
    private void replaceChannel(String why) {
        try {
            for (int attempt = 1; ; attempt++) {
                Channel old = channel;
                boolean replaced = false;
                synchronized (lock) {
                    ready = false;
                    try {
                        Channel fresh = attach(source.open());
                        generation++;
                        returned.clear();
                        failAll("the channel was replaced before the broker confirmed the message");
                        channel = fresh;
                        ready = true;
                        replacements.incrementAndGet();
                        replaced = true;
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("cannot replace a publishing channel that {} (try {}): {}", why, attempt,
                                e.getMessage());
                    }
                }
                if (replaced) {
                    // Outside the lock: closing waits for the broker's close-ok, and publishes must not wait on it.
                    abortQuietly(old);
                    LOG.info("replaced a publishing channel that {}", why);
                    return;
                }
                if (!old.getConnection().isOpen()) {
                    // The connection is down: the client's recovery brings the channel back, a new one for the broker.
                    return;
                }
                Thread.sleep(Math.min(attempt, 5) * 1_000L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            replacing.set(false);
        }
    }

    private static void abortQuietly(Channel channel) {
        try {
            channel.abort();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the replaced channel: {}", e.getMessage());
        }
    }

    /** How many times a channel was replaced, each time ready to publish on. */
    long replacements() {
        return replacements.get();
    }

    private void failAll(String reason) {
        for (Map.Entry<Long, Pending> entry : Set.copyOf(pending.entrySet())) {
            fail(entry.getKey(), entry.getValue(), reason);
        }
    }

    private void fail(long seq, Pending entry, String reason) {
        if (pending.remove(seq, entry)) {
            returned.remove(seq);
            fail(entry, reason);
        }
    }

    /** Fails an entry already taken out of {@link #pending}, giving back its place in the window. */
    private void fail(Pending entry, String reason) {
        window.release();
        continuations.fail(entry.future(), new TransportException(reason));
    }
}
