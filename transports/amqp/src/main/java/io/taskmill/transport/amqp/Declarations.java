package io.taskmill.transport.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Declares each queue once per transport, on a channel of the publishing connection kept
 * open for it, so that automatic recovery declares the queue again after a reconnect. A
 * refused declaration closes that channel; the next declaration opens another.
 */
final class Declarations {

    private final Connection connection;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private Channel channel;

    Declarations(Connection connection) {
        this.connection = connection;
    }

    /** Called on every publish: what is declared already costs a set look-up, no lock. */
    void declare(QueueSpec spec) {
        if (!declared.contains(spec.name())) {
            declareOnce(spec);
        }
    }

    private synchronized void declareOnce(QueueSpec spec) {
        if (declared.contains(spec.name())) {
            return;
        }
        try {
            if (channel == null || !channel.isOpen()) {
                channel = connection.createChannel();
            }
            spec.declareOn(channel);
            declared.add(spec.name());
        } catch (IOException e) {
            throw new TransportException("cannot declare queue " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    boolean declared(String name) {
        return declared.contains(name);
    }

    /** Someone deleted it behind our back: declare it again on next use. */
    void forget(String name) {
        declared.remove(name);
    }
}
