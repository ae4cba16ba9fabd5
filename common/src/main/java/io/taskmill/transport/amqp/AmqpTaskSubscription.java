package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.taskmill.transport.Delivery;
import io.taskmill.transport.DeliveryHandler;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A manual-ack consumer of one work queue on a channel of its own. */
final class AmqpTaskSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpTaskSubscription.class);

    private final Channel channel;
    private volatile String consumerTag;

    /**
     * @param brokerCountsDeliveries whether the queue is a quorum queue, which sets
     *                               {@code x-delivery-count} on every redelivery. On a first
     *                               delivery the header is whatever the publisher wrote, and
     *                               a classic queue never sets it: then it is not believed.
     */
    AmqpTaskSubscription(Channel channel, String queue, int prefetch, boolean brokerCountsDeliveries,
                         DeliveryHandler handler) {
        this.channel = channel;
        try {
            channel.basicQos(prefetch);
            consumerTag = channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                           byte[] body) {
                    handler.onDelivery(new AmqpDelivery(envelope.getDeliveryTag(), envelope.isRedeliver(),
                            brokerCountsDeliveries && envelope.isRedeliver() ? deliveryCount(properties) : 0, body));
                }

                @Override
                public void handleCancel(String tag) {
                    LOG.warn("the broker cancelled the consumer of {} (queue deleted?)", queue);
                }
            });
        } catch (IOException e) {
            throw new TransportException("cannot consume from " + queue + ": " + e.getMessage(), e);
        }
    }

    private static long deliveryCount(AMQP.BasicProperties properties) {
        Object count = properties.getHeaders() == null ? null : properties.getHeaders().get("x-delivery-count");
        return count instanceof Number number ? number.longValue() : 0;
    }

    @Override
    public void cancel() {
        String tag = consumerTag;
        consumerTag = null;
        if (tag != null && channel.isOpen()) {
            try {
                channel.basicCancel(tag);
            } catch (IOException | AlreadyClosedException e) {
                LOG.debug("cancel after the channel closed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        cancel();
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | AlreadyClosedException e) {
            LOG.debug("channel already gone: {}", e.toString());
        }
    }

    private final class AmqpDelivery implements Delivery {

        private final long tag;
        private final boolean redelivered;
        private final long previousDeliveries;
        private final byte[] body;

        AmqpDelivery(long tag, boolean redelivered, long previousDeliveries, byte[] body) {
            this.tag = tag;
            this.redelivered = redelivered;
            this.previousDeliveries = previousDeliveries;
            this.body = body;
        }

        @Override
        public byte[] body() {
            return body;
        }

        @Override
        public boolean redelivered() {
            return redelivered;
        }

        @Override
        public long previousDeliveries() {
            return previousDeliveries;
        }

        @Override
        public void ack() {
            try {
                channel.basicAck(tag, false);
            } catch (IOException | AlreadyClosedException e) {
                // The channel this delivery came on is gone, so the broker has already put the
                // message back; the redelivery is counted as a duplicate, not lost.
                LOG.debug("delivery {} not settled, channel closed: {}", tag, e.toString());
            }
        }
    }
}
