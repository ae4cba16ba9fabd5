package io.taskmill.client;

import io.micrometer.core.instrument.Metrics;
import io.taskmill.metrics.TaskMetrics;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.handler.TaskHandler;
import io.taskmill.task.TaskCodec;
import io.taskmill.security.MessageSigning;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import io.taskmill.worker.RateLimit;
import io.taskmill.worker.RetryPolicy;
import io.taskmill.worker.WorkerBuilder;
import io.taskmill.worker.WorkerConfig;
import io.taskmill.worker.WorkerEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fleet member inside an application: the consumer process's engine (late ack, time
 * limits, retries, dead letters, drain), running the handlers the application registers
 * beside those on its class path. {@link #close()} drains: it takes no more tasks, lets
 * running ones finish within the drain timeout and acks them; the rest go back to the
 * queue for another worker.
 *
 * <pre>{@code
 * try (TaskmillWorker worker = TaskmillWorker.on("amqp://guest:guest@localhost:5672")
 *         .handler("shout", task -> TextNode.valueOf(task.payload().path("text").asText().toUpperCase()))
 *         .start()) {
 *     ...
 * }
 * }</pre>
 */
public final class TaskmillWorker implements AutoCloseable {

    /** What a worker is given before it starts; every setting has the consumer process's default. */
    public static final class Builder {

        private final BrokerAddress broker;
        private Topology topology = Topology.defaults();
        private String queue = Topology.DEFAULT_QUEUE;
        private int concurrency = Runtime.getRuntime().availableProcessors();
        private int prefetch;
        private int maxAttempts = RetryPolicy.DEFAULT_MAX_ATTEMPTS;
        private Duration drainTimeout = Duration.ofSeconds(60);
        private Duration leaseAfter = WorkerConfig.DEFAULT_LEASE_AFTER;
        private HandlerRegistry handlers = HandlerRegistry.load();
        private final List<RateLimit> rates = new ArrayList<>();
        private MessageSigning signing = MessageSigning.none();

        private Builder(BrokerAddress broker) {
            this.broker = broker;
        }

        public Builder prefix(String prefix) {
            this.topology = new Topology(prefix);
            return this;
        }

        public Builder queue(String queue) {
            this.queue = queue;
            return this;
        }

        /** Handler threads; the default is one per core. */
        public Builder concurrency(int threads) {
            this.concurrency = threads;
            return this;
        }

        /** Deliveries held at once, fixed; 0 (the default) for a window by time, see {@link WorkerConfig#windowCeiling()}. */
        public Builder prefetch(int deliveries) {
            this.prefetch = deliveries;
            return this;
        }

        /**
         * At most {@code perSecond} starts of {@code type} a second across every live worker of
         * the queue (give each the same limit); replaces the handler's {@code @TaskType(rate)}.
         */
        public Builder rate(String type, double perSecond) {
            rates.add(new RateLimit(type, perSecond));
            return this;
        }

        /**
         * Signs what this worker publishes with the first of {@code signing}'s keys, and, when
         * it requires signatures, dead-letters every task not signed with one of them.
         */
        public Builder signing(MessageSigning signing) {
            this.signing = java.util.Objects.requireNonNull(signing);
            return this;
        }

        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * How long a task runs before this worker leases it, on a broker that would time out a
         * delivery held longer (RabbitMQ's {@code consumer_timeout}): default 10 s.
         */
        public Builder leaseAfter(Duration after) {
            this.leaseAfter = after;
            return this;
        }

        /** How long {@link #close()} lets running tasks finish. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        /** A task type run by this handler, beside the ones found on the class path. */
        public Builder handler(String type, TaskHandler handler) {
            this.handlers = handlers.with(type, handler);
            return this;
        }

        /** Connects and starts taking tasks. */
        public TaskmillWorker start() {
            topology.workQueue(queue);
            Transport transport = Transports.open(broker, topology);
            try {
                // Metrics go to Micrometer's global registry: nowhere until the application adds one (Spring
                // Boot adds its own), then taskmill_tasks_total and the rest appear beside the application's.
                WorkerEngine engine = WorkerBuilder.on(transport, handlers).codec(new TaskCodec(signing)).queue(queue)
                        .concurrency(concurrency).prefetch(prefetch).maxAttempts(maxAttempts).rates(rates)
                        .leaseAfter(leaseAfter).listener(new TaskMetrics(Metrics.globalRegistry)).build();
                engine.start();
                return new TaskmillWorker(transport, engine, handlers, drainTimeout);
            } catch (RuntimeException e) {
                transport.close();
                throw e;
            }
        }
    }

    private final Transport transport;
    private final WorkerEngine engine;
    private final HandlerRegistry handlers;
    private final Duration drainTimeout;

    private TaskmillWorker(Transport transport, WorkerEngine engine, HandlerRegistry handlers, Duration drainTimeout) {
        this.transport = transport;
        this.engine = engine;
        this.handlers = handlers;
        this.drainTimeout = drainTimeout;
    }

    /** A worker on this broker: {@code amqp://...}, {@code nats://...}, or {@code mem://name} in this JVM. */
    public static Builder on(String brokerUri) {
        return new Builder(BrokerAddress.parse(brokerUri));
    }

    /** Connected and taking tasks: what a health check asks. */
    public boolean healthy() {
        return engine.healthy() && transport.connected();
    }

    public boolean running() {
        return engine.state() == WorkerEngine.State.RUNNING;
    }

    /** Tasks that succeeded here and were reported. */
    /** Tasks of cancelled batches this worker settled without running them (or interrupted). */
    public long skipped() {
        return engine.skipped();
    }

    public long completed() {
        return engine.completed();
    }

    public java.util.Set<String> taskTypes() {
        return handlers.types();
    }

    /** Where it takes tasks from, without credentials. */
    public String describe() {
        return transport.describe();
    }

    /**
     * Stops taking tasks, lets running ones finish and acks them.
     *
     * @return whether everything running finished within the drain timeout
     */
    public boolean drain() {
        return engine.drain(drainTimeout);
    }

    @Override
    public void close() {
        try {
            engine.drain(drainTimeout);
        } finally {
            transport.close();
        }
    }
}
