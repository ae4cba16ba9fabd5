package io.taskmill.transport.amqp;

import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Subscription;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A log on a RabbitMQ stream: appended with confirms, read again from a time or an offset. */
final class AmqpEventLog implements EventLog {

    private final String stream;
    private final String kind;
    private final AmqpSession session;

    AmqpEventLog(String stream, String kind, AmqpSession session) {
        this.stream = stream;
        this.kind = kind;
        this.session = session;
    }

    @Override
    public CompletableFuture<Void> append(byte[] body) {
        return session.events().publish(stream, null, kind, body, Map.of(), null);
    }

    @Override
    public Subscription read(long fromEpochMillis, EventHandler handler) {
        return new AmqpEventReader(session.consumingChannels(), stream, fromEpochMillis, handler, session.recovery());
    }
}
