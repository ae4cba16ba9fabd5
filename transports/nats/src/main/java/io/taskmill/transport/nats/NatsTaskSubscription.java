package io.taskmill.transport.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.taskmill.transport.Delivery;
import io.taskmill.transport.DeliveryWindow;
import io.taskmill.transport.HealingSubscription;
import io.taskmill.transport.DeliveryHandler;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.TaskSubscription;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's share of the fleet's pull consumer. A thread of its own fetches as many
 * messages as the window has room for, so at most {@code prefetch} are held unsettled;
 * every third of the ack wait it tells the server that held messages are still in
 * progress, so a long task is not redelivered while it runs, and a dead worker's tasks
 * come back within one ack wait. On a loss (connection, stream or consumer gone) it
 * declares and subscribes again with backoff, or fails for good after the recovery timeout.
 */
final class NatsTaskSubscription extends HealingSubscription implements TaskSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(NatsTaskSubscription.class);
    private static final Duration FETCH_WAIT = Duration.ofSeconds(1);
    /**
     * The server tells a pull that is waiting when its consumer is deleted, but a pull sent
     * after that just comes back empty; so a worker that has pulled nothing for this long
     * asks whether its consumer is still there (one request per idle stretch).
     */
    private static final Duration IDLE_CHECK = Duration.ofSeconds(5);
    /** The server takes a moment to redeliver what it gave to a worker that is gone; a due retry has no slack. */
    private static final long EARLY_TOLERANCE_MS = 5;

    private final NatsWorkQueue queue;
    private final NatsTransport nats;
    private final DeliveryHandler handler;
    private final DeliveryWindow window;
    private final Set<Message> held = ConcurrentHashMap.newKeySet();
    private final Thread fetcher;
    private final ScheduledFuture<?> heartbeat;
    private volatile boolean taking = true;
    private JetStreamSubscription subscription;

    NatsTaskSubscription(NatsWorkQueue queue, NatsTransport nats, int prefetch, DeliveryHandler handler) {
        super(nats.recovery());
        this.queue = queue;
        this.nats = nats;
        this.handler = handler;
        this.window = new DeliveryWindow(prefetch);
        this.subscription = subscribe();
        long every = Math.max(200, nats.options().ackWait().toMillis() / 3);
        this.heartbeat = nats.timer().scheduleAtFixedRate(this::stillWorking, every, every, TimeUnit.MILLISECONDS);
        this.fetcher = new Thread(this::fetchLoop, "taskmill-nats-fetch");
        fetcher.setDaemon(true);
        fetcher.start();
    }

    @Override
    public void resize(int deliveries) {
        window.resize(deliveries);
    }

    private JetStreamSubscription subscribe() {
        try {
            JetStreamSubscription bound = nats.jetStream().subscribe(null,
                    PullSubscribeOptions.bind(queue.stream(), queue.consumer()));
            nats.dropAcked(queue.stream(), queue.consumer());
            return bound;
        } catch (Exception e) {
            throw new TransportException("cannot consume from " + queue.stream() + ": " + e.getMessage(), e);
        }
    }

    private void fetchLoop() {
        long checkedAt = System.nanoTime();
        while (taking) {
            int room;
            try {
                room = window.take(FETCH_WAIT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (room == 0) {
                continue;
            }
            int received = 0;
            try {
                // Each message is handed on as it arrives; the pull ends when the room is used or the wait is over.
                for (Iterator<Message> pulled = subscription.iterate(room, FETCH_WAIT); pulled.hasNext(); ) {
                    Message message = pulled.next();
                    received++;
                    offer(message);
                }
                long now = System.nanoTime();
                if (received > 0) {
                    checkedAt = now;
                } else if (state == SubscriptionState.RECOVERING || now - checkedAt >= IDLE_CHECK.toNanos()) {
                    // Recovered only once the server confirms the consumer: a failed try leaves the old binding.
                    checkedAt = now;
                    requireConsumer();
                }
                if (state == SubscriptionState.RECOVERING) {
                    LOG.info("subscribed to {} again after {} tries", queue.stream(), tries());
                    recovered();
                }
            } catch (RuntimeException e) {
                window.release(room - received);
                if (!taking) {
                    return;
                }
                if (lost()) {
                    LOG.warn("lost the subscription to {}: {}; subscribing again", queue.stream(), e.getMessage());
                }
                long delay = nextTry();
                if (delay < 0) {
                    gaveUp(e, tries());
                    return;
                }
                if (!resubscribe(delay)) {
                    return;
                }
                continue;
            }
            window.release(room - received);
        }
    }

    /** Throws when the server no longer has this worker's consumer (its stream deleted, say). */
    private void requireConsumer() {
        try {
            subscription.getConsumerInfo();
        } catch (JetStreamApiException e) {
            if (JetStreamErrors.consumerGone(e)) {
                throw new TransportException("its consumer is gone: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            LOG.debug("cannot ask about the consumer of {}: {}", queue.stream(), e.getMessage());
        }
    }

    /** Declares the stream and consumer again (they may have been deleted) and binds anew, after a backoff. */
    private boolean resubscribe(long delayMs) {
        if (!backOff(delayMs)) {
            return false;
        }
        try {
            nats.forget(queue.stream());
            queue.declare();
            queue.declareConsumer();
            JetStreamSubscription fresh = subscribe();
            JetStreamSubscription old = subscription;
            subscription = fresh;
            unsubscribeQuietly(old);
        } catch (RuntimeException e) {
            LOG.debug("subscribing to {} again failed: {}", queue.stream(), e.getMessage());
        }
        return true;
    }

    private void gaveUp(RuntimeException last, int tries) {
        gaveUp(new TransportException("lost the subscription to " + queue.stream()
                + " and could not subscribe again within " + nats.options().recoveryTimeout().toSeconds() + " s ("
                + tries + " tries; last: " + last.getMessage() + ")", last));
    }

    private void offer(Message message) {
        if (!taking) {
            handBack(message);
            return;
        }
        String due = message.getHeaders() == null ? null : message.getHeaders().getFirst(NatsWorkQueue.NOT_BEFORE);
        long early = due == null ? 0 : Long.parseLong(due) - System.currentTimeMillis();
        if (early > EARLY_TOLERANCE_MS) {
            // A retry that is not due yet: the server holds it for the rest of its delay.
            message.nakWithDelay(Duration.ofMillis(early));
            window.release(1);
            return;
        }
        held.add(message);
        handler.onDelivery(new NatsDelivery(message, due != null));
    }

    private void stillWorking() {
        for (Message message : held) {
            try {
                message.inProgress();
            } catch (RuntimeException e) {
                LOG.debug("in-progress not sent: {}", e.getMessage());
            }
        }
    }

    private void handBack(Message message) {
        try {
            message.nak();
        } catch (RuntimeException e) {
            LOG.debug("nak not sent; the server redelivers after the ack wait: {}", e.getMessage());
        }
        window.release(1);
    }

    @Override
    public void cancel() {
        taking = false;
        stop();
    }

    /** Stops fetching; what is held and not yet settled goes back to the server at once. */
    @Override
    public void close() {
        cancel();
        fetcher.interrupt();
        try {
            fetcher.join(FETCH_WAIT.toMillis() * 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeat.cancel(false);
        for (Message message : held) {
            if (held.remove(message)) {
                handBack(message);
            }
        }
        unsubscribeQuietly(subscription);
    }

    private static void unsubscribeQuietly(JetStreamSubscription subscription) {
        try {
            subscription.unsubscribe();
        } catch (RuntimeException e) {
            LOG.debug("unsubscribe: {}", e.getMessage());
        }
    }

    /** A message held by this worker; settled once. */
    private final class NatsDelivery implements Delivery {

        private final Message message;
        private final boolean retry;

        NatsDelivery(Message message, boolean retry) {
            this.message = message;
            this.retry = retry;
        }

        @Override
        public byte[] body() {
            return message.getData();
        }

        @Override
        public boolean redelivered() {
            return message.metaData().deliveredCount() > 1;
        }

        /** The stream and its sequence: JetStream was seen to deliver one message twice at once (2.9, under load). */
        @Override
        public String identity() {
            return queue.stream() + ":" + message.metaData().streamSequence();
        }

        /** The server's count; a retry's one early delivery, handed back until due, is not a failure. */
        @Override
        public long previousDeliveries() {
            return Math.max(0, message.metaData().deliveredCount() - 1 - (retry ? 1 : 0));
        }

        @Override
        public void ack() {
            if (!held.remove(message)) {
                return;
            }
            try {
                message.ack();
            } catch (RuntimeException e) {
                // The connection is down: the server redelivers after the ack wait, and the tally dedups.
                LOG.debug("ack not sent: {}", e.getMessage());
            }
            window.release(1);
        }
    }
}
