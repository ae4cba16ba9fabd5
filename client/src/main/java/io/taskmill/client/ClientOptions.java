package io.taskmill.client;

import io.taskmill.security.MessageSigning;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import java.time.Duration;

/**
 * @param broker          where tasks go
 * @param topology        prefix and queue type
 * @param queue           short name of the work queue batches go to (and embedded workers read)
 * @param embeddedWorkers worker threads to run in this process (the embedded default); 0 for none
 * @param timeLimit       the time limit each submitted task carries
 * @param signing         how tasks and events are signed and checked (embedded workers included)
 */
public record ClientOptions(BrokerAddress broker, Topology topology, String queue, int embeddedWorkers,
                            Duration timeLimit, MessageSigning signing) {

    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(10);

    public ClientOptions {
        topology.workQueue(queue);
        if (embeddedWorkers < 0) {
            throw new IllegalArgumentException("embedded workers must be >= 0");
        }
        if (embeddedWorkers > 0 && !"mem".equals(broker.scheme())) {
            throw new IllegalArgumentException("embedded workers run on a mem:// broker only");
        }
        if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("time limit must be positive");
        }
        if (signing == null) {
            throw new IllegalArgumentException("signing must be given: MessageSigning.none() for none");
        }
    }

    /** Options that neither sign nor check signatures. */
    public ClientOptions(BrokerAddress broker, Topology topology, String queue, int embeddedWorkers,
                         Duration timeLimit) {
        this(broker, topology, queue, embeddedWorkers, timeLimit, MessageSigning.none());
    }

    /** The same options, signing and checking as {@code signing} says. */
    public ClientOptions withSigning(MessageSigning signing) {
        return new ClientOptions(broker, topology, queue, embeddedWorkers, timeLimit, signing);
    }

    /** The embedded default: an in-JVM broker with one worker per core in this process. */
    public static ClientOptions embedded() {
        return new ClientOptions(BrokerAddress.parse("mem://embedded"), Topology.defaults(), Topology.DEFAULT_QUEUE,
                Runtime.getRuntime().availableProcessors(), DEFAULT_TIME_LIMIT);
    }

    public static ClientOptions remote(BrokerAddress broker, Topology topology, String queue) {
        return new ClientOptions(broker, topology, queue, 0, DEFAULT_TIME_LIMIT);
    }
}
