package io.taskmill.transport.nats;

import io.nats.client.JetStreamApiException;

/** What JetStream's API errors mean to a reader. */
final class JetStreamErrors {

    private static final int CONSUMER_NOT_FOUND = 10014;
    private static final int STREAM_NOT_FOUND = 10059;

    private JetStreamErrors() {
    }

    /** The server's answer when the consumer, or its stream, was deleted under a reader. */
    static boolean consumerGone(JetStreamApiException e) {
        return e.getApiErrorCode() == CONSUMER_NOT_FOUND || e.getApiErrorCode() == STREAM_NOT_FOUND;
    }
}
