package io.taskmill.transport;

/** The broker had no queue to route a message to; publishing again after re-declaring may work. */
public final class UnroutableException extends TransportException {

    public UnroutableException(String message) {
        super(message);
    }
}
