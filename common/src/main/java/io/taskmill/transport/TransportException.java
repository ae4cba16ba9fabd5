package io.taskmill.transport;

/** The broker could not do what was asked. The message is one line, fit for a user. */
public class TransportException extends RuntimeException {

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
