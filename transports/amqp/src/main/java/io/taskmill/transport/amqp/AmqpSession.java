package io.taskmill.transport.amqp;

import com.rabbitmq.client.Channel;
import io.taskmill.transport.RecoveryPolicy;
import io.taskmill.transport.Topology;
import java.util.function.Supplier;

/**
 * What the roles of one {@link AmqpTransport} share: its names and options, its confirming
 * publishers, its declarations, and where subscriptions get their channels.
 */
record AmqpSession(Topology topology, AmqpOptions options, ConfirmingPublisher tasks, ConfirmingPublisher events,
                   Declarations declarations, ResubscribingConsumer.ChannelSource consumingChannels,
                   Supplier<Channel> adminChannels, RecoveryPolicy recovery, DelayLadder ladder) {
}
