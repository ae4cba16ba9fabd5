package io.taskmill.transport.amqp;

import io.taskmill.transport.TransportException;

/** A queue exists on the broker with arguments other than the ones Taskmill would declare. */
public final class TopologyMismatchException extends TransportException {

    public TopologyMismatchException(String queue, String brokerReason) {
        super("queue '" + queue + "' already exists with different settings (" + brokerReason
                + "): delete it, or use another --prefix or --queue-type");
    }
}
