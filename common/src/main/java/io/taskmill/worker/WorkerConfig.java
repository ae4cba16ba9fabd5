package io.taskmill.worker;

import io.taskmill.handler.FileAccess;
import io.taskmill.transport.Capabilities;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * @param queue           short name of the work queue
 * @param concurrency     handler threads
 * @param prefetch        deliveries held at once, at least {@code concurrency} to keep every thread busy;
 *                        0 for a window sized by time (see {@link #windowCeiling()})
 * @param workerId        how completion events name this worker
 * @param retry           when failed tasks are tried again
 * @param redeliveryGuard a delivery the broker says it delivered this many times before is
 *                        dead-lettered unrun: it has been crashing or hanging its workers
 * @param hungGraceMs     how long a handler may ignore the interrupt at its time limit
 *                        before the worker is declared wedged
 * @param cancelLookBack  how far back in the control log a starting worker looks for cancelled batches, and for
 *                        batch callbacks not yet settled
 * @param rates           fleet-wide rate limits by task type, over any its handler declares
 * @param files           the files tasks may open
 * @param leaseAfter      how long a task runs before its worker leases it, on a broker that times out or hands
 *                        on a delivery held too long (see {@link Leases})
 */
public record WorkerConfig(String queue, int concurrency, int prefetch, String workerId, RetryPolicy retry,
                           long redeliveryGuard, long hungGraceMs, Duration cancelLookBack,
                           Map<String, RateLimit> rates, FileAccess files, Duration leaseAfter) {

    public static final Duration DEFAULT_CANCEL_LOOK_BACK = Duration.ofHours(24);

    public static final long DEFAULT_HUNG_GRACE_MS = Duration.ofSeconds(10).toMillis();

    /**
     * A third of the shortest acknowledgement timeout a RabbitMQ is likely to have: its
     * {@code consumer_timeout} is checked once a minute and defaults to 30 minutes, and a team
     * that lowers it rarely goes below 30 s.
     */
    public static final Duration DEFAULT_LEASE_AFTER = Duration.ofSeconds(10);

    /** Four deliveries without a settlement: the fifth is not run. */
    public static final long DEFAULT_REDELIVERY_GUARD = 4;

    public WorkerConfig {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch must be >= 0 (0: by time), was " + prefetch);
        }
        if (workerId == null || workerId.isBlank()) {
            throw new IllegalArgumentException("worker id is required");
        }
        if (redeliveryGuard < 1 || hungGraceMs < 0) {
            throw new IllegalArgumentException("redelivery guard must be >= 1 and hung grace >= 0");
        }
        if (cancelLookBack == null || cancelLookBack.isNegative()) {
            throw new IllegalArgumentException("cancel look-back must be >= 0");
        }
        if (leaseAfter == null || leaseAfter.toMillis() < 500) {
            throw new IllegalArgumentException("lease-after must be at least 500ms, was " + leaseAfter);
        }
        rates = Map.copyOf(rates);
    }

    /** No rate limits beyond the handlers' own. */
    public WorkerConfig(String queue, int concurrency, int prefetch, String workerId, RetryPolicy retry,
                        long redeliveryGuard, long hungGraceMs, Duration cancelLookBack) {
        this(queue, concurrency, prefetch, workerId, retry, redeliveryGuard, hungGraceMs, cancelLookBack, Map.of(),
                FileAccess.unrestricted(), DEFAULT_LEASE_AFTER);
    }

    /** The same, with these rate limits (a later one for a type replaces an earlier). */
    public WorkerConfig withRates(List<RateLimit> limits) {
        Map<String, RateLimit> byType = new HashMap<>(rates);
        limits.forEach(limit -> byType.put(limit.type(), limit));
        return new WorkerConfig(queue, concurrency, prefetch, workerId, retry, redeliveryGuard, hungGraceMs,
                cancelLookBack, byType, files, leaseAfter);
    }

    /** The same, with tasks opening files only through {@code access}. */
    public WorkerConfig withFiles(FileAccess access) {
        return new WorkerConfig(queue, concurrency, prefetch, workerId, retry, redeliveryGuard, hungGraceMs,
                cancelLookBack, rates, access, leaseAfter);
    }

    /** The same, leasing tasks that run longer than {@code after}. */
    public WorkerConfig withLeaseAfter(Duration after) {
        return new WorkerConfig(queue, concurrency, prefetch, workerId, retry, redeliveryGuard, hungGraceMs,
                cancelLookBack, rates, files, after);
    }

    /** Default retries, redelivery guard and grace. */
    public WorkerConfig(String queue, int concurrency, int prefetch, String workerId) {
        this(queue, concurrency, prefetch, workerId, RetryPolicy.defaults(), DEFAULT_REDELIVERY_GUARD,
                DEFAULT_HUNG_GRACE_MS, DEFAULT_CANCEL_LOOK_BACK);
    }

    /**
     * The guard for a broker with a delivery limit: one short of it, so that the worker
     * reports a task failed before the broker drops it silently; the default without one.
     */
    public static long redeliveryGuardFor(Capabilities capabilities) {
        return capabilities.deliveryLimit().isPresent() ? capabilities.deliveryLimit().getAsInt() - 1
                : DEFAULT_REDELIVERY_GUARD;
    }

    /** Whether the worker sizes its window by how long its tasks run, not by a fixed prefetch. */
    public boolean windowByTime() {
        return prefetch == 0;
    }

    /** The most deliveries held at once: the prefetch, or for a window by time {@link #defaultPrefetch}. */
    public int windowCeiling() {
        return prefetch > 0 ? prefetch : defaultPrefetch(concurrency);
    }

    /**
     * The most a window by time holds, for tasks far shorter than a round trip: at least 512
     * deliveries, four per thread beyond 128 threads. A finished task holds its delivery until
     * its completion event is confirmed, so the window must cover the confirm round trip of
     * whole completion groups, not just keep the next task local. Measured with 200,000
     * no-op tasks one a message on 2 consumers: 16 deliveries gave 0.23x PerfTest's msg/s,
     * 128 gave 6,870 tasks/s on RabbitMQ and 9,040 on NATS, 512 gave 8,800 and 11,160 (1,024
     * no more). Longer tasks get a smaller window by time (see {@code WorkWindow}), down to
     * one delivery per thread: the ceiling never lets a worker hold more than about 200 ms of
     * work it has not started.
     */
    public static int defaultPrefetch(int concurrency) {
        return Math.max(512, concurrency * 4);
    }
}
