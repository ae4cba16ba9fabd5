package io.taskmill.transport.redis;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.EventPartitions;
import io.taskmill.transport.LogRetention;
import io.taskmill.transport.TlsFiles;
import io.taskmill.transport.UriOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * What only Redis has, from the broker URI's query:
 * {@code redis://host:6379/0?reclaim-after=15s&log-max-age=7d}.
 *
 * @param reclaimAfter    how long a delivery may go unrenewed before another worker takes it: a
 *                        running task renews it every third of that, so it bounds how soon a dead
 *                        worker's tasks come back, not how long a task may run (default 15 s)
 * @param deliveryLimit   deliveries of one task after which it goes to the dead letters, given up
 *                        on ({@code delivery-limit}, default 5); workers report it failed one
 *                        delivery before
 * @param logRetention    how long and how much the event and control logs keep ({@code log-max-age},
 *                        default 7 days; {@code log-max-bytes}, default 5 GB)
 * @param recoveryTimeout how long a lost subscription tries to come back (default 5 minutes)
 * @param eventPartitions streams the events are spread over ({@code event-partitions}, default 1)
 * @param tls             PEM files for {@code rediss://} ({@code tls-ca}, {@code tls-cert}, {@code tls-key})
 * @param replicaWait     replicas a write must reach before it is confirmed ({@code wait-replicas}, default
 *                        0; {@code wait-timeout}, default 1 s)
 */
record RedisOptions(Duration reclaimAfter, int deliveryLimit, LogRetention logRetention, Duration recoveryTimeout,
                    EventPartitions eventPartitions, TlsFiles tls, ReplicaWait replicaWait) {

    /** The scheme of Redis over TLS, as Redis's own tools write it. */
    static final String TLS_SCHEME = "rediss";

    RedisOptions {
        if (reclaimAfter.toMillis() < 1_000) {
            throw new IllegalArgumentException("reclaim-after must be at least 1s, was " + reclaimAfter);
        }
        if (deliveryLimit < 2) {
            throw new IllegalArgumentException("delivery-limit must be 2 or more, was " + deliveryLimit);
        }
    }

    /** @throws IllegalArgumentException naming a parameter that is unknown or has a bad value */
    static RedisOptions of(BrokerAddress address) {
        Set<String> known = new HashSet<>(Set.of("reclaim-after", "delivery-limit", "recovery-timeout",
                "wait-replicas", "wait-timeout"));
        known.addAll(LogRetention.PARAMETERS);
        known.addAll(EventPartitions.PARAMETERS);
        known.addAll(TlsFiles.PARAMETERS);
        UriOptions uri = UriOptions.of(address, known, Set.of());
        try {
            return new RedisOptions(uri.duration("reclaim-after", Duration.ofSeconds(15)),
                    uri.integer("delivery-limit", 5), LogRetention.of(uri),
                    uri.duration("recovery-timeout", Duration.ofMinutes(5)), EventPartitions.of(uri),
                    TlsFiles.of(uri, address, TLS_SCHEME), new ReplicaWait(uri.integer("wait-replicas", 0),
                            uri.duration("wait-timeout", ReplicaWait.NONE.timeout())));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("bad broker URI") ? e : uri.bad(e.getMessage());
        }
    }

    /** How often a worker renews what it holds and looks for deliveries of workers that are gone. */
    Duration renewEvery() {
        return reclaimAfter.dividedBy(3);
    }
}
