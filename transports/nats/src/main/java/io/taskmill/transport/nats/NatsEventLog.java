package io.taskmill.transport.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamState;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * A log on a JetStream limits stream, read from a start time by the server's clock by
 * {@link NatsLogReader}s, which see each entry once, in order, across reconnects.
 */
final class NatsEventLog implements EventLog {

    private final NatsTransport nats;
    private final StreamConfiguration config;
    private final String stream;
    private final String subject;

    NatsEventLog(NatsTransport nats, StreamConfiguration config) {
        this.nats = nats;
        this.config = config;
        this.stream = config.getName();
        this.subject = config.getSubjects().get(0);
    }

    @Override
    public CompletableFuture<Void> append(byte[] body) {
        try {
            nats.declare(config);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new TransportException("cannot append to " + subject + ": "
                    + e.getMessage(), e));
        }
        // The stream may have been deleted: a failure makes the next append look, and make it again if it is gone.
        return nats.publisher().publish(subject, stream, null, body, null);
    }

    /** The time of the oldest entry left, once the stream's limits dropped any (its first sequence is past 1). */
    @Override
    public long horizon() {
        try {
            StreamState state = nats.management().getStreamInfo(stream).getStreamState();
            return state.getFirstSequence() > 1 && state.getFirstTime() != null
                    ? state.getFirstTime().toInstant().toEpochMilli() : 0;
        } catch (JetStreamApiException | IOException e) {
            // Not knowing is what the contract allows: the join then goes on as it would have.
            return 0;
        }
    }

    @Override
    public Subscription read(long fromEpochMillis, EventHandler handler) {
        return nats.follow(new NatsLogReader(nats, stream, subject, fromEpochMillis, handler));
    }
}
