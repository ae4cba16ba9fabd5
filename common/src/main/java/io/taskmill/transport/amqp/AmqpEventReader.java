package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the event stream from a timestamp. After a reconnect the consumer is recovered
 * with its original offset and the stream replays; entries already passed on (by stream
 * offset) are skipped, so a reader sees each event once.
 */
final class AmqpEventReader implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpEventReader.class);
    private static final int CREDIT = 2_000;
    private static final int ACK_EVERY = 200;

    private final Channel channel;
    private long lastOffset = -1;
    private int unacked;

    AmqpEventReader(Channel channel, String stream, long fromEpochMillis, EventHandler handler) {
        this.channel = channel;
        try {
            channel.basicQos(CREDIT);
            channel.basicConsume(stream, false, Map.of("x-stream-offset", new Date(fromEpochMillis)),
                    new DefaultConsumer(channel) {
                        @Override
                        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                                   byte[] body) throws IOException {
                            onEntry(envelope.getDeliveryTag(), offsetOf(properties), body, handler);
                        }
                    });
        } catch (IOException e) {
            throw new TransportException("cannot read the event log " + stream + ": " + e.getMessage(), e);
        }
    }

    private void onEntry(long tag, long offset, byte[] body, EventHandler handler) throws IOException {
        if (offset < 0 || offset > lastOffset) {
            lastOffset = Math.max(lastOffset, offset);
            try {
                handler.onEvent(body);
            } catch (RuntimeException e) {
                LOG.warn("event handler failed; event skipped: {}", e.toString());
            }
        }
        // Stream acks only return credit; acking in groups keeps the credit flowing cheaply.
        if (++unacked >= ACK_EVERY && channel.isOpen()) {
            try {
                channel.basicAck(tag, true);
            } catch (AlreadyClosedException e) {
                // The reader was closed while this entry was being handled: no credit is needed any more.
            }
            unacked = 0;
        }
    }

    private static long offsetOf(AMQP.BasicProperties properties) {
        Object offset = properties.getHeaders() == null ? null : properties.getHeaders().get("x-stream-offset");
        return offset instanceof Number number ? number.longValue() : -1;
    }

    @Override
    public void cancel() {
        close();
    }

    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | AlreadyClosedException e) {
            LOG.debug("event channel already gone: {}", e.toString());
        }
    }
}
