package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import io.taskmill.transport.TransportException;
import io.taskmill.transport.UnroutableException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes on one channel in confirm mode with a bounded window of outstanding confirms.
 * Every publish is {@code mandatory}: a message the broker cannot route comes back and
 * its future fails instead of the message vanishing. When the channel goes down, every
 * outstanding publish fails, since after recovery the broker will never confirm it.
 */
final class ConfirmingPublisher {

    /** Carries the publish sequence number so that a returned message can be matched to its future. */
    private static final String SEQ_HEADER = "x-taskmill-publish-seq";

    private static final long WINDOW_PATIENCE_SECONDS = 30;

    private final Channel channel;
    private final int maxOutstanding;
    private final Semaphore window;
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending = new ConcurrentSkipListMap<>();
    private final Set<Long> returned = ConcurrentHashMap.newKeySet();

    ConfirmingPublisher(Channel channel, int maxOutstanding) throws IOException {
        this.channel = channel;
        this.maxOutstanding = maxOutstanding;
        this.window = new Semaphore(maxOutstanding);
        channel.confirmSelect();
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long seq, boolean multiple) {
                settle(seq, multiple, null);
            }

            @Override
            public void handleNack(long seq, boolean multiple) {
                settle(seq, multiple, "the broker refused the message (nack)");
            }
        });
        channel.addReturnListener(this::onReturn);
        channel.addShutdownListener(this::onShutdown);
    }

    /**
     * @param headers    extra headers, may be empty
     * @param expiration per-message TTL in ms, or null
     */
    CompletableFuture<Void> publish(String routingKey, String messageId, String type, byte[] body,
                                    Map<String, ?> headers, String expiration) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
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
        try {
            synchronized (channel) {
                long seq = channel.getNextPublishSeqNo();
                Map<String, Object> allHeaders = new HashMap<>(headers);
                allHeaders.put(SEQ_HEADER, seq);
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .deliveryMode(2)
                        .messageId(messageId)
                        .type(type)
                        .expiration(expiration)
                        .headers(allHeaders)
                        .build();
                CompletableFuture<Void> stale = pending.put(seq, confirmed);
                if (stale != null) {
                    // A recovered channel numbers its publishes from 1 again: the message that had this number
                    // on the lost channel will never be confirmed. Fail it, and give back its place in the window.
                    window.release();
                    stale.completeExceptionally(new TransportException(
                            "the channel was recovered before the broker confirmed the message"));
                }
                channel.basicPublish("", routingKey, true, properties, body);
            }
        } catch (IOException | RuntimeException e) {
            failAll("publish failed: " + e.getMessage());
        }
        return confirmed;
    }

    private void onReturn(Return message) {
        Object seq = message.getProperties().getHeaders() == null ? null
                : message.getProperties().getHeaders().get(SEQ_HEADER);
        if (seq instanceof Long number) {
            returned.add(number);
        }
    }

    private void settle(long seq, boolean multiple, String refusal) {
        Map<Long, CompletableFuture<Void>> done = multiple ? pending.headMap(seq, true) : pending.subMap(seq, true, seq, true);
        for (Long key : Set.copyOf(done.keySet())) {
            CompletableFuture<Void> future = pending.remove(key);
            if (future == null) {
                continue;
            }
            window.release();
            if (returned.remove(key)) {
                future.completeExceptionally(new UnroutableException("unroutable: the broker has no queue for it"));
            } else if (refusal != null) {
                future.completeExceptionally(new TransportException(refusal));
            } else {
                future.complete(null);
            }
        }
    }

    private void onShutdown(ShutdownSignalException cause) {
        failAll("connection lost before the broker confirmed the message");
    }

    private void failAll(String reason) {
        for (Long key : Set.copyOf(pending.keySet())) {
            CompletableFuture<Void> future = pending.remove(key);
            if (future != null) {
                window.release();
                returned.remove(key);
                future.completeExceptionally(new TransportException(reason));
            }
        }
    }
}
