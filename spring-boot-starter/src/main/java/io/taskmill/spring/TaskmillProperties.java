package io.taskmill.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code taskmill.*}: where the application's tasks go and, when {@code taskmill.worker.enabled}
 * is true, the workers that run them here.
 *
 * @param broker {@code amqp://...}, {@code nats://...}, or {@code mem://name} (the default: tasks run in this JVM)
 * @param prefix namespace of every queue and log
 * @param queue  the work queue batches go to and workers read
 * @param worker this application's own workers
 */
@ConfigurationProperties("taskmill")
public record TaskmillProperties(@DefaultValue("mem://taskmill") String broker, @DefaultValue("taskmill") String prefix,
                                 @DefaultValue("default") String queue, @DefaultValue Worker worker) {

    /**
     * @param enabled      whether this application is also a fleet member
     * @param concurrency  handler threads; 0 for one per core
     * @param prefetch     deliveries held at once; 0 for the consumer's default
     * @param drainTimeout how long running tasks may take to finish when the context closes
     * @param leaseAfter   on RabbitMQ, how long a task runs before its delivery is acknowledged under a lease
     */
    public record Worker(@DefaultValue("false") boolean enabled, @DefaultValue("0") int concurrency,
                         @DefaultValue("0") int prefetch, @DefaultValue("60s") Duration drainTimeout,
                         @DefaultValue("10s") Duration leaseAfter) {
    }

    boolean embeddedBroker() {
        return broker.startsWith("mem:");
    }
}
