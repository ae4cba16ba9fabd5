package io.taskmill.transport.amqp;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.taskmill.transport.DeadLetter;
import io.taskmill.transport.DeadLetterQueue;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A dead-letter queue read with {@code basic.get} on a channel of its own: what is to be
 * removed is acked, the rest goes back to the queue when the channel closes.
 */
final class AmqpDeadLetterQueue implements DeadLetterQueue {

    private static final long RETURN_PATIENCE_MS = 10_000;
    private static final long RETURN_POLL_MS = 10;

    private final Supplier<Channel> channels;
    private final String queue;

    AmqpDeadLetterQueue(Supplier<Channel> channels, String queue) {
        this.channels = channels;
        this.queue = queue;
    }

    @Override
    public int visit(int limit, Predicate<DeadLetter> remove) {
        Channel channel = channels.get();
        long present;
        int removed = 0;
        try {
            // Only what is there now: a letter that arrives while we visit (a replayed task that failed
            // again at once) lands behind these and is left for the next visit, so none is seen twice.
            present = channel.queueDeclarePassive(queue).getMessageCount();
            for (int seen = 0; seen < Math.min(limit, present); seen++) {
                GetResponse message = channel.basicGet(queue, false);
                if (message == null) {
                    break;
                }
                String id = message.getProps().getMessageId();
                if (remove.test(new DeadLetter(message.getBody(), reason(message.getProps().getHeaders()), id))) {
                    channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
                    removed++;
                }
            }
        } catch (IOException | AlreadyClosedException e) {
            close(channel);
            throw new TransportException("cannot read dead-letter queue " + queue + ": " + e.getMessage(), e);
        }
        close(channel);
        awaitBack(present - removed);
        return removed;
    }

    /**
     * Waits until the letters kept are ready in the queue again. A quorum queue takes back
     * what a closed channel held a moment after the close, so without this the next visit
     * (or a purge) could count too few; the wait ends when they are back, or after
     * {@link #RETURN_PATIENCE_MS}, when the next visit still finds them a little later.
     */
    private void awaitBack(long expected) {
        if (expected <= 0) {
            return;
        }
        Channel channel = channels.get();
        try {
            long deadline = System.nanoTime() + RETURN_PATIENCE_MS * 1_000_000;
            while (channel.queueDeclarePassive(queue).getMessageCount() < expected && System.nanoTime() < deadline) {
                Thread.sleep(RETURN_POLL_MS);
            }
        } catch (IOException | AlreadyClosedException e) {
            // The letters are safe in the queue either way; only the count of the next visit was at stake.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(channel);
        }
    }

    @Override
    public long purge() {
        Channel channel = channels.get();
        try {
            return channel.queuePurge(queue).getMessageCount();
        } catch (IOException e) {
            throw new TransportException("cannot purge " + queue + ": " + e.getMessage(), e);
        } finally {
            close(channel);
        }
    }

    /** Taskmill's reason headers as they are; a broker dead-lettering (delivery limit) from x-death. */
    private static Map<String, String> reason(Map<String, Object> headers) {
        Map<String, String> reason = new HashMap<>();
        if (headers == null) {
            return reason;
        }
        headers.forEach((name, value) -> {
            if (name.startsWith("x-taskmill-") && !name.equals("x-taskmill-publish-seq")) {
                reason.put(name, String.valueOf(value));
            }
        });
        if (!reason.containsKey(io.taskmill.transport.Headers.REASON) && headers.get("x-death") instanceof List<?> deaths
                && !deaths.isEmpty() && deaths.get(0) instanceof Map<?, ?> death) {
            reason.put(io.taskmill.transport.Headers.REASON, "dead-lettered by the broker: " + death.get("reason")
                    + " in " + death.get("queue"));
        }
        return reason;
    }

    private static void close(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | AlreadyClosedException e) {
            // Closing returns unacked messages to the queue; a channel already gone did that too.
        }
    }
}
