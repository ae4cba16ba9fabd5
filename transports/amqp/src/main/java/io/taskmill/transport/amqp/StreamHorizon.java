package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How far back a RabbitMQ stream is whole. The broker says neither where a stream starts
 * nor when its entries were written, but a consumer attached at {@code first} is handed the
 * oldest entry left with its offset: past 0, retention dropped segments, and the entry's
 * timestamp (every message Taskmill publishes carries one) is the horizon.
 */
final class StreamHorizon {

    /** Long enough for a broker under load to deliver one entry; an empty stream waits this long. */
    static final Duration FIRST_ENTRY_WAIT = Duration.ofSeconds(2);

    private StreamHorizon() {
    }

    /** The epoch millisecond before which entries may be gone; 0 when none were dropped, or the stream cannot tell. */
    static long of(Channel channel, String stream) throws IOException, InterruptedException {
        BlockingQueue<FirstEntry> first = new ArrayBlockingQueue<>(1);
        channel.basicQos(1);
        String tag = channel.basicConsume(stream, false, Map.of("x-stream-offset", "first"),
                new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                               byte[] body) {
                        first.offer(new FirstEntry(AmqpEventReader.offsetOf(properties), properties.getTimestamp()));
                    }
                });
        try {
            FirstEntry entry = first.poll(FIRST_ENTRY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return entry == null ? 0 : entry.horizon();
        } finally {
            if (channel.isOpen()) {
                channel.basicCancel(tag);
            }
        }
    }

    /** The oldest entry left: its offset (-1 when the broker gave none), and its timestamp when its publisher gave one. */
    private record FirstEntry(long offset, Date timestamp) {

        long horizon() {
            if (offset <= 0 || timestamp == null) {
                return 0;
            }
            // A timestamp holds whole seconds: entries dropped from the same second may be later
            // than it says, so the whole second counts as gone.
            return timestamp.getTime() + 1_000;
        }
    }
}
