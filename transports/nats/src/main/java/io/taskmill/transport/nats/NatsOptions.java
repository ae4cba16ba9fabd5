package io.taskmill.transport.nats;

import io.taskmill.config.Durations;
import io.taskmill.transport.BrokerAddress;
import java.time.Duration;

/**
 * What only NATS JetStream has, from the broker URI's query:
 * {@code nats://host:4222?ack-wait=15s&delivery-limit=5&log-max-age=7d}.
 *
 * @param ackWait       how long the server waits for a worker's ack before it redelivers; a
 *                      running task renews it every third of that ({@code inProgress}), so
 *                      it bounds how soon a dead worker's tasks come back, not how long a
 *                      task may run (default 15 s)
 * @param deliveryLimit the consumer's {@code MaxDeliver} (default 5)
 * @param logMaxAge     how long the event and control logs keep entries (default 7 days)
 * @param recoveryTimeout how long a lost work subscription tries to come back (default 5 minutes)
 */
record NatsOptions(Duration ackWait, int deliveryLimit, Duration logMaxAge, Duration recoveryTimeout) {

    NatsOptions {
        if (ackWait.toMillis() < 1_000) {
            throw new IllegalArgumentException("ack-wait must be at least 1s, was " + ackWait);
        }
        if (deliveryLimit < 2) {
            throw new IllegalArgumentException("delivery-limit must be 2 or more, was " + deliveryLimit);
        }
    }

    /** @throws IllegalArgumentException naming a parameter that is unknown or has a bad value */
    static NatsOptions of(BrokerAddress address) {
        Duration ackWait = Duration.ofSeconds(15);
        int deliveryLimit = 5;
        Duration logMaxAge = Duration.ofDays(7);
        Duration recoveryTimeout = Duration.ofMinutes(5);
        String query = address.uri().getQuery();
        if (query != null && !query.isEmpty()) {
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : parameter.substring(equals + 1);
                try {
                    switch (name) {
                        case "ack-wait" -> ackWait = Durations.parse(value);
                        case "delivery-limit" -> deliveryLimit = Integer.parseInt(value);
                        case "log-max-age" -> logMaxAge = Durations.parse(value);
                        case "recovery-timeout" -> recoveryTimeout = Durations.parse(value);
                        default -> throw new IllegalArgumentException("unknown parameter '" + name + "' (nats:// takes "
                                + "ack-wait, delivery-limit, log-max-age and recovery-timeout)");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad broker URI " + address + ": " + name
                            + " must be a number, was '" + value + "'");
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("bad broker URI " + address + ": " + e.getMessage(), e);
                }
            }
        }
        try {
            return new NatsOptions(ackWait, deliveryLimit, logMaxAge, recoveryTimeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad broker URI " + address + ": " + e.getMessage(), e);
        }
    }
}
