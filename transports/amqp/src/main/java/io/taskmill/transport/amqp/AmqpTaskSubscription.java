package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.taskmill.transport.Delivery;
import io.taskmill.transport.DeliveryHandler;
import io.taskmill.transport.RecoveryPolicy;
import io.taskmill.transport.TaskSubscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A manual-ack consumer of one work queue. Each (re)subscription declares the queue first,
 * so a queue deleted under a running fleet comes back and its consumers with it.
 */
final class AmqpTaskSubscription implements TaskSubscription {

    private final ResubscribingConsumer consumer;
    private final String queue;
    /** What every (re)subscription asks the broker for; a resize changes it for the next one too. */
    private volatile int window;
    /** The acks of the channel deliveries come on now. */
    private volatile ChannelAcks acks;

    /**
     * @param declare                the work queue and what it dead-letters to, declared before each subscription
     * @param brokerCountsDeliveries whether the queue is a quorum queue, which sets
     *                               {@code x-delivery-count} on every redelivery. On a first
     *                               delivery the header is whatever the publisher wrote, and
     *                               a classic queue never sets it: then it is not believed.
     */
    AmqpTaskSubscription(ResubscribingConsumer.ChannelSource channels, List<QueueSpec> declare, int prefetch,
                         boolean brokerCountsDeliveries, DeliveryHandler handler, RecoveryPolicy policy) {
        this.queue = declare.get(declare.size() - 1).name();
        this.window = prefetch;
        this.consumer = new ResubscribingConsumer("queue " + queue, channels, (channel, callbacks) -> {
            for (QueueSpec spec : declare) {
                spec.declareOn(channel);
            }
            return consumeOn(channel, callbacks);
        }, (channel, envelope, properties, body) -> {
            ChannelAcks acks = acksOn(channel);
            acks.delivered(envelope.getDeliveryTag());
            handler.onDelivery(new AmqpDelivery(acks, envelope.getDeliveryTag(), envelope.isRedeliver(),
                    brokerCountsDeliveries && envelope.isRedeliver() ? deliveryCount(properties) : 0, body));
        }, policy);
    }

    /** Called on the client's delivery thread of the subscription, which has one channel at a time. */
    private ChannelAcks acksOn(Channel channel) {
        ChannelAcks current = acks;
        if (current == null || current.channel() != channel) {
            current = new ChannelAcks(channel);
            acks = current;
        }
        return current;
    }

    /**
     * A consumer's prefetch is fixed when it starts (a quorum queue has no channel-wide
     * one), so a new window is a new consumer on the same channel: what the old one holds
     * is still settled there, and it no longer counts against the new window.
     */
    @Override
    public void resize(int deliveries) {
        window = TaskSubscription.requireWindow(deliveries);
        consumer.renew(this::consumeOn);
    }

    private String consumeOn(Channel channel, com.rabbitmq.client.Consumer callbacks) throws IOException {
        channel.basicQos(window);
        return channel.basicConsume(queue, false, callbacks);
    }

    private static long deliveryCount(AMQP.BasicProperties properties) {
        Object count = properties.getHeaders() == null ? null : properties.getHeaders().get("x-delivery-count");
        return count instanceof Number number ? number.longValue() : 0;
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
        consumer.cancel();
    }

    @Override
    public void close() {
        ChannelAcks current = acks;
        if (current != null) {
            current.flush();
        }
        consumer.close();
    }

    /** A delivery, settled on the channel it came on. */
    private record AmqpDelivery(ChannelAcks acks, long tag, boolean redelivered, long previousDeliveries,
                                byte[] body) implements Delivery {

        @Override
        public void ack() {
            acks.ack(tag);
        }
    }
}
