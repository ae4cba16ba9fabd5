package io.taskmill.transport.redis;

import io.taskmill.transport.Lane;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a deployment's things live in Redis: every key under the topology's prefix, named
 * as the other brokers name their queues and logs ({@code taskmill.default} is the work
 * queue's stream, {@code taskmill.default.dlq} its dead letters, {@code taskmill.events} the
 * event log). What only Redis needs has a ':' in its name, which no queue or log name may
 * hold, so it never meets one.
 */
record RedisNames(Topology topology) {

    /** The consumer group every worker of a work queue reads in. */
    static final String GROUP = "workers";
    /**
     * The consumer group a log's stream is made with (see {@code RedisTransport#make}): a stream
     * without it was deleted and made again by an append.
     */
    static final String MADE = "made";

    /** A lane's stream: the work queue's own for the default lane, {@code <queue>.lane-high} for another. */
    String workStream(String queue, Lane lane) {
        return topology.workQueue(queue, lane);
    }

    /** The sorted set where a lane's delayed tasks wait, scored by when they are due. */
    String later(String queue, Lane lane) {
        return workStream(queue, lane) + ":later";
    }

    /** Every lane's stream and delayed set of a queue, in pairs: what the DEPTH script takes, and what a queue keeps. */
    List<String> laneKeys(String queue) {
        List<String> keys = new ArrayList<>();
        for (Lane lane : Lane.all()) {
            keys.add(workStream(queue, lane));
            keys.add(later(queue, lane));
        }
        return keys;
    }

    /** The sorted set of a queue's live workers, scored by when each was last seen. */
    String workers(String queue) {
        return topology.workQueue(queue) + ":workers";
    }

    String deadStream(String queue) {
        return topology.deadLetterQueue(queue);
    }

    String logStream(LogSpec spec) {
        return topology.log(spec);
    }

    /** The set of the deployment's work queues' names. */
    String queues() {
        return topology.prefix() + ":queues";
    }
}
