package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.RecoveryPolicy;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a stream from a timestamp. When the subscription is lost and made again, it
 * resumes a little behind the last entry passed on and skips what it remembers (see
 * {@link RecentEntries}), or at the start of a stream that replaced the one it read; entries
 * still arriving from the lost channel are dropped, so a reader sees each entry once and in
 * order.
 */
final class AmqpEventReader implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpEventReader.class);
    private static final int CREDIT = 2_000;
    private static final int ACK_EVERY = 200;
    /**
     * How long an entry may wait for its ack at most: the broker closes a channel that holds
     * an unacknowledged delivery past its {@code consumer_timeout} (stream deliveries too), so
     * the tail of a group, which no next entry acks, is acked on a timer.
     */
    static final long ACK_WITHIN_MS = 1_000;
    private static final ScheduledExecutorService ACK_TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "taskmill-log-acks");
        thread.setDaemon(true);
        return thread;
    });

    private final long fromEpochMillis;
    private final String stream;
    private final EventHandler handler;
    private final ResubscribingConsumer consumer;
    private Channel current;
    private long lastOffset = -1;
    private final RecentEntries recent = new RecentEntries();
    private int unacked;
    private long lastTag;
    private final ScheduledFuture<?> tailAcks;

    AmqpEventReader(ResubscribingConsumer.ChannelSource channels, String stream, long fromEpochMillis,
                    EventHandler handler, RecoveryPolicy policy) {
        this.fromEpochMillis = fromEpochMillis;
        this.stream = stream;
        this.handler = handler;
        this.consumer = new ResubscribingConsumer("the log " + stream, channels, (channel, callbacks) -> {
            channel.basicQos(CREDIT);
            return channel.basicConsume(stream, false, Map.of("x-stream-offset", resumeOn(channel)), callbacks);
        }, (channel, envelope, properties, body) -> onEntry(channel, envelope.getDeliveryTag(), offsetOf(properties),
                body), policy);
        this.tailAcks = ACK_TIMER.scheduleWithFixedDelay(this::ackTail, ACK_WITHIN_MS, ACK_WITHIN_MS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Where a (new) subscription on {@code channel} starts; from now on only its deliveries
     * count. After the offset last passed on, unless the stream was deleted and declared again
     * meanwhile: the new one is read from its start, as everything in it is newer than what
     * was read.
     */
    private synchronized Object resumeOn(Channel channel) throws IOException {
        current = channel;
        unacked = 0;
        if (lastOffset >= 0 && StreamReplacement.replaced(channel, stream, lastOffset)) {
            LOG.warn("the log {} was deleted and declared again: reading the new one from its start (what was "
                    + "written to the old one after offset {}, or while it was missing, is gone)", stream, lastOffset);
            lastOffset = -1;
            recent.forget();
            return "first";
        }
        if (lastOffset >= 0) {
            return Math.max(0, lastOffset - RecentEntries.SIZE + 1);
        }
        return fromEpochMillis == EventLog.FROM_NOW ? "next" : new Date(fromEpochMillis);
    }

    private synchronized void onEntry(Channel channel, long tag, long offset, byte[] body) {
        if (channel != current) {
            return;
        }
        // Behind the last offset, only a resumed subscription reads: what it remembers was passed on, an
        // entry it does not was written where a broker lost its last entries, and one older than it remembers
        // was passed on before.
        boolean fresh = offset < 0
                || offset > lastOffset - RecentEntries.SIZE && !recent.seenElseRemember(offset, body);
        if (fresh) {
            lastOffset = Math.max(lastOffset, offset);
            try {
                handler.onEvent(body);
            } catch (RuntimeException e) {
                LOG.warn("event handler failed; event skipped: {}", e.toString());
            }
        }
        // Stream acks only return credit; acking in groups keeps the credit flowing cheaply.
        lastTag = tag;
        if (++unacked >= ACK_EVERY) {
            ackUpTo(channel, tag);
        }
    }

    /** Acks what a group left unacked: the entries since the last group, on a quiet stream its last ones. */
    private synchronized void ackTail() {
        if (unacked > 0 && current != null) {
            ackUpTo(current, lastTag);
        }
    }

    private void ackUpTo(Channel channel, long tag) {
        if (channel.isOpen()) {
            try {
                channel.basicAck(tag, true);
            } catch (IOException | AlreadyClosedException e) {
                // The channel is going: the next subscription starts with fresh credit.
            }
        }
        unacked = 0;
    }

    /** A stream entry's offset, as the broker hands it over; -1 without one. */
    static long offsetOf(AMQP.BasicProperties properties) {
        Object offset = properties.getHeaders() == null ? null : properties.getHeaders().get("x-stream-offset");
        return offset instanceof Number number ? number.longValue() : -1;
    }

    @Override
    public SubscriptionState state() {
        return consumer.state();
    }

    @Override
    public CompletionStage<TransportException> failure() {
        return consumer.failure();
    }

    @Override
    public void cancel() {
        close();
    }

    @Override
    public void close() {
        tailAcks.cancel(false);
        consumer.close();
    }
}
