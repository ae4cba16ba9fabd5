package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Whether a stream is still the one a reader read. Offsets only grow in a stream, and its
 * newest chunk holds its last entry, so a stream whose newest chunk holds nothing at or past
 * the last offset a reader passed on was deleted and declared again: its offsets started
 * again from 0, and resuming past the old one's would skip everything in it.
 */
final class StreamReplacement {

    /** Long enough for a broker under load to hand over the newest chunk; an empty stream waits this long. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private StreamReplacement() {
    }

    static boolean replaced(Channel channel, String stream, long lastOffset) throws IOException {
        BlockingQueue<Long> offsets = new LinkedBlockingQueue<>();
        String tag = channel.basicConsume(stream, false, Map.of("x-stream-offset", "last"),
                new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                               byte[] body) throws IOException {
                        offsets.offer(AmqpEventReader.offsetOf(properties));
                        // Stream acks only return credit: a long newest chunk is read to its end.
                        channel.basicAck(envelope.getDeliveryTag(), false);
                    }
                });
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (long left = WAIT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                Long offset = offsets.poll(left, TimeUnit.NANOSECONDS);
                if (offset == null) {
                    break;
                }
                if (offset >= lastOffset) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while checking stream " + stream);
        } finally {
            if (channel.isOpen()) {
                channel.basicCancel(tag);
            }
        }
    }
}
