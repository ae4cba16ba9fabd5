package io.taskmill.transport.nats;

import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.HealingSubscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a log stream through an ephemeral push consumer of its own and makes it again
 * whenever it may have been lost: after every reconnect, on a missed heartbeat, on a gap in
 * the consumer's sequence. A server killed with -9 can lose the tail of its stream that a
 * reader was already given and reuse those sequences for new entries, so a reader resumes
 * a little behind where it stood and skips the entries it remembers (sequence and
 * timestamp both equal): none is delivered twice, none skipped. If it cannot read again
 * within the recovery timeout it fails for good, through {@link #failure()}.
 */
final class NatsLogReader extends HealingSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(NatsLogReader.class);
    /** Entries remembered, and so re-read after a loss: far more than a server leaves unflushed. */
    private static final int REMEMBERED = 1 << 14;
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /**
     * How often a reader asks the server whether its consumer still exists. Heartbeats alone
     * noticed a deleted stream after 20 s to over 2 minutes: the client's alarm for a push
     * consumer that went silent is not dependable.
     */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(10);

    private final NatsTransport nats;
    private final String stream;
    private final String subject;
    private final EventHandler handler;
    private final Dispatcher dispatcher;
    private final long[] rememberedSequence = new long[REMEMBERED];
    private final long[] rememberedTimestamp = new long[REMEMBERED];

    /** Where the first subscription started; the place to start again while nothing was read. */
    private final ConsumerConfiguration first;
    // Guarded by this; the dispatcher's one thread reads them for each message.
    private JetStreamSubscription subscription;
    private final ScheduledFuture<?> check;
    private int generation;
    private long expectedConsumerSequence;
    private long firstSequence;
    private long lastSequence;

    NatsLogReader(NatsTransport nats, String stream, String subject, long fromEpochMillis, EventHandler handler) {
        super(nats.recovery());
        this.nats = nats;
        this.stream = stream;
        this.subject = subject;
        this.handler = handler;
        // Each request asked again while unanswered: a reader opened while the link is down waits for it.
        try {
            this.first = start(fromEpochMillis);
        } catch (JetStreamApiException | IOException e) {
            throw new TransportException("cannot read the log " + stream + ": " + e.getMessage(), e);
        }
        this.dispatcher = nats.connection().createDispatcher();
        try {
            nats.answered("a reader of " + stream, () -> {
                subscribe(first);
                return first;
            });
        } catch (JetStreamApiException | IOException | RuntimeException e) {
            nats.connection().closeDispatcher(dispatcher);
            throw new TransportException("cannot read the log " + stream + ": " + e.getMessage(), e);
        }
        this.check = nats.timer().scheduleWithFixedDelay(this::checkConsumer, CHECK_EVERY.toMillis(),
                CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A consumer the server no longer has (its stream deleted) is a loss, as a reconnect is. */
    private void checkConsumer() {
        JetStreamSubscription current;
        int mine;
        synchronized (this) {
            if (state != SubscriptionState.ACTIVE || subscription == null) {
                return;
            }
            current = subscription;
            mine = generation;
        }
        try {
            current.getConsumerInfo();
        } catch (JetStreamApiException e) {
            if (JetStreamErrors.consumerGone(e)) {
                synchronized (this) {
                    if (mine == generation) {
                        lost("its consumer is gone: " + e.getMessage());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // No answer: a server that is away is the reconnect's and the heartbeats' to notice.
            LOG.debug("asking NATS about the reader of {}: {}", stream, e.toString());
        }
    }

    private ConsumerConfiguration start(long fromEpochMillis) throws JetStreamApiException, IOException {
        if (fromEpochMillis == io.taskmill.transport.EventLog.FROM_NOW) {
            // By sequence rather than DeliverPolicy.New, so that a reader lost before its first entry misses none.
            return bySequence(nats.streamInfo(stream).getStreamState().getLastSequence() + 1);
        }
        return config().deliverPolicy(DeliverPolicy.ByStartTime)
                .startTime(Instant.ofEpochMilli(Math.max(0, fromEpochMillis)).atZone(ZoneOffset.UTC)).build();
    }

    private ConsumerConfiguration bySequence(long sequence) {
        return config().deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(Math.max(1, sequence)).build();
    }

    private static ConsumerConfiguration.Builder config() {
        return ConsumerConfiguration.builder().ackPolicy(AckPolicy.None).memStorage(true).numReplicas(1)
                .idleHeartbeat(HEARTBEAT).flowControl(HEARTBEAT);
    }

    private synchronized void subscribe(ConsumerConfiguration config) throws JetStreamApiException, IOException {
        unsubscribe();
        int mine = ++generation;
        expectedConsumerSequence = 1;
        subscription = nats.jetStream().subscribe(subject, dispatcher, message -> onMessage(mine, message), false,
                PushSubscribeOptions.builder().stream(stream).configuration(config).build());
    }

    private void unsubscribe() {
        if (subscription != null) {
            try {
                dispatcher.unsubscribe(subscription);
            } catch (RuntimeException e) {
                LOG.debug("dropping a reader of {}: {}", stream, e.getMessage());
            }
            subscription = null;
        }
    }

    private void onMessage(int from, Message message) {
        if (!message.isJetStream()) {
            return;
        }
        long sequence = message.metaData().streamSequence();
        long timestamp = timestamp(message);
        synchronized (this) {
            if (from != generation || state != SubscriptionState.ACTIVE && state != SubscriptionState.RECOVERING) {
                return;
            }
            if (message.metaData().consumerSequence() != expectedConsumerSequence) {
                lost("a gap after entry " + lastSequence);
                return;
            }
            expectedConsumerSequence++;
            int slot = (int) (sequence % REMEMBERED);
            if (rememberedSequence[slot] == sequence && rememberedTimestamp[slot] == timestamp) {
                return;
            }
            rememberedSequence[slot] = sequence;
            rememberedTimestamp[slot] = timestamp;
            if (firstSequence == 0) {
                firstSequence = sequence;
            }
            lastSequence = Math.max(lastSequence, sequence);
        }
        try {
            handler.onEvent(message.getData());
        } catch (RuntimeException e) {
            LOG.warn("event handler failed; event skipped: {}", e.toString());
        }
    }

    private static long timestamp(Message message) {
        Instant at = message.metaData().timestamp().toInstant();
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** The client reconnected, or this reader's heartbeats stopped: read again from a safe point. */
    synchronized void lost(String why) {
        if (state == SubscriptionState.STOPPED || state == SubscriptionState.FAILED) {
            return;
        }
        if (lost()) {
            LOG.info("reader of {} lost ({}); reading again", stream, why);
        }
        int mine = ++generation;
        unsubscribe();
        nats.timer().execute(() -> resubscribe(mine));
    }

    boolean owns(JetStreamSubscription candidate) {
        return candidate != null && candidate == subscription;
    }

    /** Holds the lock while the server makes the consumer: a message of the new one waits for its generation. */
    private synchronized void resubscribe(int attempt) {
        if (attempt != generation || state != SubscriptionState.RECOVERING) {
            return;
        }
        long from = firstSequence == 0 ? 0 : Math.max(firstSequence, lastSequence - REMEMBERED + 1);
        try {
            if (from > 0 && nats.lastSequence(stream) < lastSequence - REMEMBERED) {
                // More gone than any server leaves unflushed: the stream was deleted and made again, its sequences
                // starting from 1, and everything in it is newer than what this reader read.
                LOG.warn("the log {} was deleted and made again: reading the new one from its start (what was "
                        + "written to the old one after entry {}, or while it was missing, is gone)", stream,
                        lastSequence);
                firstSequence = 1;
                lastSequence = 0;
                from = 1;
            }
            subscribe(from == 0 ? first : bySequence(from));
        } catch (JetStreamApiException | IOException | RuntimeException e) {
            if (tries() == 0) {
                LOG.info("reading {} again failed: {}; trying again", stream, e.getMessage());
            }
            // A session that answers no request after a reconnect stays that way; a fresh one does not.
            nats.unanswered(e);
            retryLater(e instanceof RuntimeException runtime ? runtime : new TransportException(e.getMessage(), e));
            return;
        }
        LOG.info("reading {} again{}", stream, from == 0 ? "" : " from entry " + from + ", skipping those already read");
        recovered();
    }

    private void retryLater(RuntimeException e) {
        long delay = nextTry();
        if (delay < 0) {
            unsubscribe();
            check.cancel(false);
            nats.readerGone(this);
            gaveUp(new TransportException("lost the log " + stream + " and could not read it again within "
                    + nats.options().recoveryTimeout().toSeconds() + " s: " + e.getMessage(), e));
            return;
        }
        int mine = generation;
        nats.timer().schedule(() -> resubscribe(mine), delay, TimeUnit.MILLISECONDS);
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
            generation++;
            unsubscribe();
        }
        check.cancel(false);
        nats.readerGone(this);
        try {
            nats.connection().closeDispatcher(dispatcher);
        } catch (RuntimeException e) {
            LOG.debug("closing a log reader: {}", e.getMessage());
        }
    }
}
