package io.taskmill.transport.amqp;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/** A log on a RabbitMQ stream: appended with confirms, read again from a time or an offset. */
final class AmqpEventLog implements EventLog {

    private final String stream;
    private final String kind;
    private final AmqpSession session;
    private final Runnable declare;

    /** @param declare declares the stream unless this transport did already: a set look-up then */
    AmqpEventLog(String stream, String kind, AmqpSession session, Runnable declare) {
        this.stream = stream;
        this.kind = kind;
        this.session = session;
        this.declare = declare;
    }

    @Override
    public CompletableFuture<Void> append(byte[] body) {
        declare.run();
        // Someone deleted the stream: declare it again on the caller's next try, so that outcomes flow again
        // (a reader following it notices the new stream: see AmqpEventReader).
        return session.declarations().forgettingOnUnroutable(
                session.events().publish(stream, null, kind, body, Map.of(), null), stream);
    }

    /** From the oldest entry left (see {@link StreamHorizon}); 0 when the stream cannot be asked. */
    @Override
    public long horizon() {
        try {
            Channel channel = session.adminChannels().get();
            try {
                return StreamHorizon.of(channel, stream);
            } finally {
                closeQuietly(channel);
            }
        } catch (IOException | TransportException | AlreadyClosedException e) {
            // Not knowing is what the contract allows: the join then goes on as it would have.
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | AlreadyClosedException e) {
            // Closing a channel of a one-off question: nothing depends on it.
        }
    }

    @Override
    public Subscription read(long fromEpochMillis, EventHandler handler) {
        return new AmqpEventReader(session.consumingChannels(), stream, fromEpochMillis, handler, session.recovery());
    }
}
