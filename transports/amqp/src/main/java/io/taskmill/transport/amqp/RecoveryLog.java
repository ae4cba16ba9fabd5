package io.taskmill.transport.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.TopologyRecoveryException;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the RabbitMQ client says while it reconnects, in one line each at INFO instead of a
 * stack trace at ERROR per attempt: a broker restart is an expected event, and Taskmill
 * says itself what it means for the work (a join prints "reconnecting", a subscription
 * that gives up is an error). Every other report keeps the client's own handling.
 */
final class RecoveryLog extends ForgivingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryLog.class);

    @Override
    public void handleConnectionRecoveryException(Connection connection, Throwable e) {
        LOG.info("connection {} not recovered yet: {}", connection.getClientProvidedName(), rootMessage(e));
    }

    @Override
    public void handleChannelRecoveryException(Channel channel, Throwable e) {
        LOG.info("channel {} not recovered: {}", channel.getChannelNumber(), rootMessage(e));
    }

    @Override
    public void handleTopologyRecoveryException(Connection connection, Channel channel, TopologyRecoveryException e) {
        LOG.info("topology not recovered on {}: {}", connection.getClientProvidedName(), rootMessage(e));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
