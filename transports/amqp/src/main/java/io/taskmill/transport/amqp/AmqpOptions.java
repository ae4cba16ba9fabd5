package io.taskmill.transport.amqp;

import io.taskmill.config.Durations;
import io.taskmill.transport.BrokerAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * What only RabbitMQ has, from the broker URI's query:
 * {@code amqp://host?queue-type=classic&delivery-limit=5&recovery-timeout=2m}.
 *
 * @param queueType       how work queues are declared: {@code quorum} (default) or {@code classic}
 * @param deliveryLimit   deliveries of one message before a quorum queue dead-letters it: the
 *                        backstop for a task that kills every worker it reaches (default 5)
 * @param recoveryTimeout how long a lost subscription tries to come back (default 5 minutes)
 */
record AmqpOptions(QueueType queueType, int deliveryLimit, Duration recoveryTimeout) {

    enum QueueType { QUORUM, CLASSIC }

    static final int DEFAULT_DELIVERY_LIMIT = 5;
    static final Duration DEFAULT_RECOVERY_TIMEOUT = Duration.ofMinutes(5);
    /** The RabbitMQ client reads these itself; they are passed through. */
    private static final Set<String> CLIENT_PARAMETERS = Set.of("heartbeat", "connection_timeout", "channel_max",
            "auth_mechanism");

    AmqpOptions {
        if (deliveryLimit < 2) {
            throw new IllegalArgumentException("delivery-limit must be 2 or more, was " + deliveryLimit);
        }
    }

    static AmqpOptions defaults() {
        return new AmqpOptions(QueueType.QUORUM, DEFAULT_DELIVERY_LIMIT, DEFAULT_RECOVERY_TIMEOUT);
    }

    /** @throws IllegalArgumentException naming a parameter that is unknown or has a bad value */
    static AmqpOptions of(BrokerAddress address) {
        QueueType queueType = QueueType.QUORUM;
        int deliveryLimit = DEFAULT_DELIVERY_LIMIT;
        Duration recoveryTimeout = DEFAULT_RECOVERY_TIMEOUT;
        String query = address.uri().getQuery();
        if (query == null || query.isEmpty()) {
            return new AmqpOptions(queueType, deliveryLimit, recoveryTimeout);
        }
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            try {
                switch (name) {
                    case "queue-type" -> queueType = queueType(value);
                    case "delivery-limit" -> deliveryLimit = Integer.parseInt(value);
                    case "recovery-timeout" -> recoveryTimeout = Durations.parse(value);
                    default -> {
                        if (!CLIENT_PARAMETERS.contains(name)) {
                            throw new IllegalArgumentException("unknown parameter '" + name + "' (amqp:// takes "
                                    + "queue-type, delivery-limit, recovery-timeout and " + CLIENT_PARAMETERS + ")");
                        }
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad broker URI " + address + ": " + name + " must be a number, was '"
                        + value + "'");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad broker URI " + address + ": " + e.getMessage(), e);
            }
        }
        return new AmqpOptions(queueType, deliveryLimit, recoveryTimeout);
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
