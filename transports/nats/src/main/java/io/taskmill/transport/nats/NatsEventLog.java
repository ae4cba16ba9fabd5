package io.taskmill.transport.nats;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.TransportException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log on a JetStream limits stream. Readers are ordered consumers from a start time by
 * the server's clock: the client recreates one after a reconnect or a gap from the
 * sequence after the last message it delivered, so a reader sees each entry once, in order.
 */
final class NatsEventLog implements EventLog {

    private static final Logger LOG = LoggerFactory.getLogger(NatsEventLog.class);

    private final NatsTransport nats;
    private final Connection connection;
    private final JetStream jetStream;
    private final String stream;
    private final String subject;

    NatsEventLog(NatsTransport nats, String stream, String subject) {
        this.nats = nats;
        this.connection = nats.connection();
        this.jetStream = nats.jetStream();
        this.stream = stream;
        this.subject = subject;
    }

    @Override
    public CompletableFuture<Void> append(byte[] body) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        try {
            jetStream.publishAsync(subject, body).whenComplete((ack, failure) -> {
                if (failure == null) {
                    confirmed.complete(null);
                } else {
                    nats.unanswered(failure);
                    confirmed.completeExceptionally(new TransportException("NATS did not take the entry for " + subject
                            + ": " + failure.getMessage(), failure));
                }
            });
        } catch (RuntimeException e) {
            confirmed.completeExceptionally(new TransportException("cannot append to " + subject + ": "
                    + e.getMessage(), e));
        }
        return confirmed;
    }

    @Override
    public Subscription read(long fromEpochMillis, EventHandler handler) {
        ConsumerConfiguration.Builder start = ConsumerConfiguration.builder();
        if (fromEpochMillis == FROM_NOW) {
            start.deliverPolicy(DeliverPolicy.New);
        } else {
            start.deliverPolicy(DeliverPolicy.ByStartTime)
                    .startTime(Instant.ofEpochMilli(Math.max(0, fromEpochMillis)).atZone(ZoneOffset.UTC));
        }
        Dispatcher dispatcher = connection.createDispatcher();
        try {
            JetStreamSubscription subscription = jetStream.subscribe(subject, dispatcher, message -> {
                try {
                    handler.onEvent(message.getData());
                } catch (RuntimeException e) {
                    LOG.warn("event handler failed; event skipped: {}", e.toString());
                }
            }, false, PushSubscribeOptions.builder().stream(stream).ordered(true).configuration(start.build()).build());
            return new Subscription() {
                @Override
                public void cancel() {
                    close();
                }

                @Override
                public void close() {
                    try {
                        dispatcher.unsubscribe(subscription);
                        connection.closeDispatcher(dispatcher);
                    } catch (RuntimeException e) {
                        LOG.debug("closing a log reader: {}", e.getMessage());
                    }
                }
            };
        } catch (Exception e) {
            connection.closeDispatcher(dispatcher);
            throw new TransportException("cannot read the log " + stream + ": " + e.getMessage(), e);
        }
    }
}
