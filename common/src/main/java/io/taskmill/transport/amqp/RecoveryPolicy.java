package io.taskmill.transport.amqp;

import io.github.resilience4j.core.IntervalFunction;
import io.taskmill.config.Durations;
import io.taskmill.transport.BrokerAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How a lost subscription tries again: exponential backoff with jitter, until
 * {@code timeout} has passed since the loss. The timeout comes from the broker URI's
 * {@code recovery-timeout} parameter ({@code amqp://host?recovery-timeout=2m}), 5 minutes
 * by default: long enough for a broker restart with its quorum queues and streams, short
 * enough that a supervisor hears about a broker that is gone.
 */
record RecoveryPolicy(IntervalFunction backoff, Duration timeout, Clock clock, ScheduledExecutorService scheduler) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    static final String TIMEOUT_PARAMETER = "recovery-timeout";

    static RecoveryPolicy of(BrokerAddress address, Clock clock, ScheduledExecutorService scheduler) {
        return new RecoveryPolicy(IntervalFunction.ofExponentialRandomBackoff(250, 2.0, 0.3, 5_000),
                timeoutOf(address), clock, scheduler);
    }

    /** The {@code recovery-timeout} query parameter, or the default. */
    static Duration timeoutOf(BrokerAddress address) {
        String query = address.uri().getQuery();
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (parameter.startsWith(TIMEOUT_PARAMETER + "=")) {
                    try {
                        return Durations.parse(parameter.substring(TIMEOUT_PARAMETER.length() + 1));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("bad broker URI " + address + ": " + TIMEOUT_PARAMETER
                                + " " + e.getMessage());
                    }
                }
            }
        }
        return DEFAULT_TIMEOUT;
    }
}
