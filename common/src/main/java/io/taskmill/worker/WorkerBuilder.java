package io.taskmill.worker;

import io.taskmill.handler.FileAccess;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way a worker is put together: by the consumer process, by an application's
 * {@code TaskmillWorker} and by a client's embedded workers alike. What depends on the broker
 * (the redelivery guard, one below its own delivery limit) is decided here, once; the rest
 * has the consumer's defaults.
 */
public final class WorkerBuilder {

    private final Transport transport;
    private final HandlerRegistry handlers;
    private TaskCodec codec = new TaskCodec();
    private String queue = Topology.DEFAULT_QUEUE;
    private int concurrency = 1;
    private int prefetch;
    private String workerId = WorkerId.embedded();
    private int maxAttempts = RetryPolicy.defaults().defaultMaxAttempts();
    private Duration hungGrace = Duration.ofMillis(WorkerConfig.DEFAULT_HUNG_GRACE_MS);
    private Duration cancelLookBack = WorkerConfig.DEFAULT_CANCEL_LOOK_BACK;
    private final List<RateLimit> rates = new ArrayList<>();
    private FileAccess files = FileAccess.unrestricted();
    private Duration leaseAfter = WorkerConfig.DEFAULT_LEASE_AFTER;
    private WorkerListener listener = new WorkerListener() { };
    private Clock clock = Clock.systemUTC();

    private WorkerBuilder(Transport transport, HandlerRegistry handlers) {
        this.transport = transport;
        this.handlers = handlers;
    }

    /** A worker taking tasks from {@code transport}, run by {@code handlers}. */
    public static WorkerBuilder on(Transport transport, HandlerRegistry handlers) {
        return new WorkerBuilder(transport, handlers);
    }

    /** How tasks are read and events written: with the deployment's signing keys, if it has any. */
    public WorkerBuilder codec(TaskCodec codec) {
        this.codec = codec;
        return this;
    }

    public WorkerBuilder queue(String queue) {
        this.queue = queue;
        return this;
    }

    public WorkerBuilder concurrency(int threads) {
        this.concurrency = threads;
        return this;
    }

    /** Deliveries held at once; 0 (the default) sizes the window by how long tasks run. */
    public WorkerBuilder prefetch(int deliveries) {
        this.prefetch = deliveries;
        return this;
    }

    public WorkerBuilder workerId(String id) {
        this.workerId = id;
        return this;
    }

    /** Attempts of a task whose type names none of its own, the first included. */
    public WorkerBuilder maxAttempts(int attempts) {
        this.maxAttempts = attempts;
        return this;
    }

    public WorkerBuilder hungGrace(Duration grace) {
        this.hungGrace = grace;
        return this;
    }

    public WorkerBuilder cancelLookBack(Duration lookBack) {
        this.cancelLookBack = lookBack;
        return this;
    }

    public WorkerBuilder rates(List<RateLimit> limits) {
        this.rates.addAll(limits);
        return this;
    }

    public WorkerBuilder files(FileAccess access) {
        this.files = access;
        return this;
    }

    public WorkerBuilder leaseAfter(Duration after) {
        this.leaseAfter = after;
        return this;
    }

    public WorkerBuilder listener(WorkerListener listener) {
        this.listener = listener;
        return this;
    }

    public WorkerBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** The worker, not started; a setting out of range is an {@link IllegalArgumentException} saying which. */
    public WorkerEngine build() {
        WorkerConfig config = new WorkerConfig(queue, concurrency, prefetch, workerId,
                new RetryPolicy(maxAttempts, RetryPolicy.defaults().backoff()),
                WorkerConfig.redeliveryGuardFor(transport.capabilities()), hungGrace.toMillis(), cancelLookBack)
                .withRates(rates).withFiles(files).withLeaseAfter(leaseAfter);
        return new WorkerEngine(transport, handlers, codec, config, clock, listener);
    }
}
