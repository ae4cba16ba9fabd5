package io.taskmill.transport;

/**
 * A queue exists on the broker with arguments other than the ones Taskmill would declare.
 * Permanent: trying again cannot help until someone changes the queue or the settings.
 */
public final class TopologyMismatchException extends TransportException {

    public TopologyMismatchException(String queue, String brokerReason) {
        super("queue '" + queue + "' already exists with different settings (" + brokerReason
                + "): delete it, or use the settings it was declared with (the broker URI's options, such as "
                + "?queue-type=classic) or another --prefix");
    }
}
