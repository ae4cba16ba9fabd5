package io.taskmill.transport.nats;

import io.taskmill.transport.Lane;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Topology;

/**
 * How a deployment's names map onto JetStream: subjects keep the prefix's dots
 * ({@code taskmill.work.default}); stream and consumer names may not hold dots, so they
 * use underscores ({@code taskmill_work_default}).
 */
record NatsNames(Topology topology) {

    /**
     * Partition 0 is the queue as it is without partitions; the others are {@code <queue>.part-<k>}.
     * A lane other than the default is a stream of its own, {@code <queue>.lane-high(.part-<k>)}.
     */
    String workSubject(String queue, Lane lane, int partition) {
        return topology.prefix() + ".work." + laneName(queue, lane, partition);
    }

    String workStream(String queue, Lane lane, int partition) {
        return streamName(topology.prefix() + "_work_" + laneName(queue, lane, partition));
    }

    /** The default lane's stream of a partition. */
    String workStream(String queue, int partition) {
        return workStream(queue, Lane.DEFAULT, partition);
    }

    /** The one durable pull consumer the whole fleet of a lane of a queue's partition shares. */
    String workers(String queue, Lane lane, int partition) {
        return streamName(topology.prefix() + "_workers_" + laneName(queue, lane, partition));
    }

    String deadSubject(String queue) {
        return topology.prefix() + ".dlq." + shortName(queue);
    }

    String deadStream(String queue) {
        return streamName(topology.prefix() + "_dlq_" + shortName(queue));
    }

    String logSubject(LogSpec log) {
        return topology.log(log);
    }

    String logStream(LogSpec log) {
        return streamName(topology.log(log));
    }

    /** Every stream of this deployment starts with this. */
    String streamPrefix() {
        return streamName(topology.prefix()) + "_";
    }

    private String shortName(String queue) {
        return topology.workQueue(queue).substring(topology.prefix().length() + 1);
    }

    private String laneName(String queue, Lane lane, int partition) {
        return topology.workQueue(queue, lane, partition).substring(topology.prefix().length() + 1);
    }

    private static String streamName(String name) {
        return name.replace('.', '_');
    }
}
