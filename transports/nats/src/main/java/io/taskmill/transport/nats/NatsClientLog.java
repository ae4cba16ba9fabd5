package io.taskmill.transport.nats;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.support.Status;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's asynchronous troubles as one line each, and missed heartbeats handed to
 * whoever owns the subscription. Socket errors while the client reconnects are routine
 * and stay at debug level.
 */
final class NatsClientLog implements ErrorListener {

    private static final Logger LOG = LoggerFactory.getLogger(NatsClientLog.class);

    private final Consumer<JetStreamSubscription> heartbeatMissed;
    /** The client reports why a connect failed here only (a TLS handshake refused, say), not in what it throws. */
    private volatile Exception lastException;

    NatsClientLog(Consumer<JetStreamSubscription> heartbeatMissed) {
        this.heartbeatMissed = heartbeatMissed;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        LOG.warn("NATS server error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        lastException = exp;
        LOG.debug("NATS client: {}", exp.toString());
    }

    /** The last exception the client reported; null before any. */
    Exception lastException() {
        return lastException;
    }

    @Override
    public void heartbeatAlarm(Connection conn, JetStreamSubscription sub, long lastStreamSequence,
            long lastConsumerSequence) {
        LOG.debug("no heartbeat from NATS on {} after stream sequence {}", sub.getSubject(), lastStreamSequence);
        heartbeatMissed.accept(sub);
    }

    @Override
    public void unhandledStatus(Connection conn, JetStreamSubscription sub, Status status) {
        LOG.warn("NATS status for {}: {}", sub.getSubject(), status.getMessageWithCode());
    }

    @Override
    public void pullStatusError(Connection conn, JetStreamSubscription sub, Status status) {
        LOG.warn("NATS refused a pull on {}: {}", sub.getSubject(), status.getMessageWithCode());
    }
}
