package io.taskmill.transport.amqp;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.EventPartitions;
import io.taskmill.transport.LogRetention;
import io.taskmill.transport.TlsFiles;
import io.taskmill.transport.UriOptions;
import io.taskmill.transport.WorkPartitions;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What only RabbitMQ has, from the broker URI's query:
 * {@code amqp://host?queue-type=classic&delivery-limit=5&recovery-timeout=2m},
 * {@code amqp://h1,h2,h3?replicas=3}.
 *
 * @param queueType       how work queues are declared: {@code quorum} (default) or {@code classic}
 * @param deliveryLimit   deliveries of one message before a quorum queue dead-letters it: the
 *                        backstop for a task that kills every worker it reaches (default 5)
 * @param recoveryTimeout how long a lost subscription tries to come back (default 5 minutes)
 * @param tls             PEM files for {@code amqps://} ({@code tls-ca}, {@code tls-cert}, {@code tls-key})
 * @param externalAuth    {@code auth_mechanism=external}: log in as the client certificate says
 *                        (RabbitMQ's EXTERNAL mechanism), with no password
 * @param logRetention    how long and how much the event and control streams keep
 *                        ({@code log-max-age}, {@code log-max-bytes})
 * @param replicas        copies of every quorum queue and stream a queue is declared with
 *                        ({@code replicas}); empty leaves it to the broker (every node)
 * @param eventPartitions streams the events are spread over ({@code event-partitions}, default 1)
 * @param partitions      quorum queues each work queue is spread over ({@code partitions}, default 1)
 */
record AmqpOptions(QueueType queueType, int deliveryLimit, Duration recoveryTimeout, TlsFiles tls,
                   boolean externalAuth, LogRetention logRetention, OptionalInt replicas,
                   EventPartitions eventPartitions, WorkPartitions partitions) {

    enum QueueType { QUORUM, CLASSIC }

    static final int DEFAULT_DELIVERY_LIMIT = 5;
    static final Duration DEFAULT_RECOVERY_TIMEOUT = Duration.ofMinutes(5);
    /** The RabbitMQ client reads these itself; they are passed through. */
    private static final Set<String> CLIENT_PARAMETERS = Set.of("heartbeat", "connection_timeout", "channel_max");

    AmqpOptions {
        if (deliveryLimit < 2) {
            throw new IllegalArgumentException("delivery-limit must be 2 or more, was " + deliveryLimit);
        }
        if (replicas.isPresent() && replicas.getAsInt() < 1) {
            throw new IllegalArgumentException("replicas must be 1 or more, was " + replicas.getAsInt());
        }
        if (replicas.isPresent() && replicas.getAsInt() > 1 && queueType == QueueType.CLASSIC) {
            throw new IllegalArgumentException("replicas=" + replicas.getAsInt() + " needs queue-type=quorum: a "
                    + "classic queue has one copy");
        }
    }

    static AmqpOptions defaults() {
        return new AmqpOptions(QueueType.QUORUM, DEFAULT_DELIVERY_LIMIT, DEFAULT_RECOVERY_TIMEOUT, TlsFiles.NONE, false,
                LogRetention.defaults(), OptionalInt.empty(), EventPartitions.ONE, WorkPartitions.ONE);
    }

    /** @throws IllegalArgumentException naming a parameter that is unknown or has a bad value */
    static AmqpOptions of(BrokerAddress address) {
        Set<String> known = new java.util.HashSet<>(Set.of("queue-type", "delivery-limit", "recovery-timeout",
                "auth_mechanism", "replicas"));
        known.addAll(TlsFiles.PARAMETERS);
        known.addAll(LogRetention.PARAMETERS);
        known.addAll(EventPartitions.PARAMETERS);
        known.addAll(WorkPartitions.PARAMETERS);
        UriOptions uri = UriOptions.of(address, known, CLIENT_PARAMETERS);
        try {
            TlsFiles tls = TlsFiles.of(uri, address, "amqps");
            QueueType queueType = queueType(uri.text("queue-type", "quorum"));
            return new AmqpOptions(queueType, uri.integer("delivery-limit", DEFAULT_DELIVERY_LIMIT),
                    uri.duration("recovery-timeout", DEFAULT_RECOVERY_TIMEOUT), tls, external(uri, tls),
                    LogRetention.of(uri), replicas(uri, address.hosts().size(), queueType), EventPartitions.of(uri),
                    WorkPartitions.of(uri));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("bad broker URI") ? e : uri.bad(e.getMessage());
        }
    }

    /**
     * The copies asked for, at most the nodes the URI names: RabbitMQ places a queue's copies
     * on as many nodes as it has and says nothing of the rest, so a count past them would read
     * as copies that do not exist. Unasked, a URI of several nodes gets one copy a node up to
     * 3; a URI of one node (which may be a load balancer in front of a cluster) leaves it to
     * the broker.
     */
    private static OptionalInt replicas(UriOptions uri, int nodes, QueueType queueType) {
        if (uri.text("replicas", null) == null) {
            return nodes > 1 && queueType == QueueType.QUORUM ? OptionalInt.of(Math.min(3, nodes)) : OptionalInt.empty();
        }
        int asked = uri.integer("replicas", 0);
        if (asked > nodes) {
            throw new IllegalArgumentException("replicas=" + asked + " asks for more copies than the URI names nodes ("
                    + nodes + "): name every node of the cluster");
        }
        return OptionalInt.of(asked);
    }

    private static boolean external(UriOptions uri, TlsFiles tls) {
        String mechanism = uri.text("auth_mechanism", "plain").trim().toLowerCase(Locale.ROOT);
        if (!mechanism.equals("plain") && !mechanism.equals("external")) {
            throw new IllegalArgumentException("auth_mechanism must be plain or external, was '" + mechanism + "'");
        }
        if (mechanism.equals("external") && tls.cert() == null) {
            throw new IllegalArgumentException("auth_mechanism=external logs in with a client certificate: give "
                    + "tls-cert and tls-key");
        }
        return mechanism.equals("external");
    }

    private static QueueType queueType(String text) {
        for (QueueType type : QueueType.values()) {
            if (type.name().equalsIgnoreCase(text.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("queue-type must be quorum or classic, was '" + text + "'");
    }

    boolean quorum() {
        return queueType == QueueType.QUORUM;
    }

    String queueTypeName() {
        return queueType.name().toLowerCase(Locale.ROOT);
    }
}
