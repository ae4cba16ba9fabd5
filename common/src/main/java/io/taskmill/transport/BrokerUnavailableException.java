package io.taskmill.transport;

/** The broker could not be reached or refused the connection. */
public final class BrokerUnavailableException extends TransportException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
