package io.taskmill.transport.nats;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.EventPartitions;
import io.taskmill.transport.LogRetention;
import io.taskmill.transport.TlsFiles;
import io.taskmill.transport.UriOptions;
import io.taskmill.transport.WorkPartitions;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What only NATS JetStream has, from the broker URI's query:
 * {@code nats://host:4222?ack-wait=15s&delivery-limit=5&log-max-age=7d}.
 *
 * @param ackWait       how long the server waits for a worker's ack before it redelivers; a
 *                      running task renews it every third of that ({@code inProgress}), so
 *                      it bounds how soon a dead worker's tasks come back, not how long a
 *                      task may run (default 15 s)
 * @param deliveryLimit the delivery a worker dead-letters a message at, by the server's count of
 *                      its deliveries (default 5); the consumer's own {@code MaxDeliver} is
 *                      unlimited, so that no message stays in a stream undelivered
 * @param logRetention  how long and how much the event and control logs keep ({@code log-max-age},
 *                      default 7 days; {@code log-max-bytes}, default 5 GB)
 * @param recoveryTimeout how long a lost work subscription tries to come back (default 5 minutes)
 * @param tls           PEM files for {@code tls://} ({@code tls-ca}, {@code tls-cert}, {@code tls-key})
 * @param replicas      copies of every stream ({@code replicas}); empty for the cluster's size up to 3
 * @param eventPartitions streams the events are spread over ({@code event-partitions}, default 1)
 * @param partitions    streams each work queue is spread over ({@code partitions}, default 1)
 */
record NatsOptions(Duration ackWait, int deliveryLimit, LogRetention logRetention, Duration recoveryTimeout,
                   TlsFiles tls, OptionalInt replicas, EventPartitions eventPartitions, WorkPartitions partitions) {

    /** The scheme of NATS over TLS, as NATS's own tools write it. */
    static final String TLS_SCHEME = "tls";

    NatsOptions {
        if (ackWait.toMillis() < 1_000) {
            throw new IllegalArgumentException("ack-wait must be at least 1s, was " + ackWait);
        }
        if (deliveryLimit < 2) {
            throw new IllegalArgumentException("delivery-limit must be 2 or more, was " + deliveryLimit);
        }
        if (replicas.isPresent() && (replicas.getAsInt() < 1 || replicas.getAsInt() > 5)) {
            throw new IllegalArgumentException("replicas must be 1 to 5 (JetStream's limit), was "
                    + replicas.getAsInt());
        }
    }

    /** @throws IllegalArgumentException naming a parameter that is unknown or has a bad value */
    static NatsOptions of(BrokerAddress address) {
        Set<String> known = new java.util.HashSet<>(Set.of("ack-wait", "delivery-limit", "recovery-timeout",
                "replicas"));
        known.addAll(TlsFiles.PARAMETERS);
        known.addAll(LogRetention.PARAMETERS);
        known.addAll(EventPartitions.PARAMETERS);
        known.addAll(WorkPartitions.PARAMETERS);
        UriOptions uri = UriOptions.of(address, known, Set.of());
        try {
            return new NatsOptions(uri.duration("ack-wait", Duration.ofSeconds(15)), uri.integer("delivery-limit", 5),
                    LogRetention.of(uri), uri.duration("recovery-timeout", Duration.ofMinutes(5)),
                    TlsFiles.of(uri, address, TLS_SCHEME), uri.text("replicas", null) == null ? OptionalInt.empty()
                    : OptionalInt.of(uri.integer("replicas", 0)), EventPartitions.of(uri),
                    WorkPartitions.of(uri));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("bad broker URI") ? e : uri.bad(e.getMessage());
        }
    }
}
