package io.taskmill.transport.amqp;

import io.taskmill.transport.Topology;
import java.util.Map;

/**
 * A durable queue as Taskmill declares it: one value instead of
 * {@code queueDeclare(name, true, false, false, args)}, so that declaring is idempotent
 * and the same value can be declared again after a reconnect.
 */
record QueueSpec(String name, Map<String, Object> arguments) {

    QueueSpec {
        arguments = Map.copyOf(arguments);
    }

    static QueueSpec workQueue(Topology topology, String queue) {
        return new QueueSpec(topology.workQueue(queue), Map.of(
                "x-queue-type", typeOf(topology),
                "x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", topology.deadLetterQueue(queue)));
    }

    static QueueSpec deadLetterQueue(Topology topology, String queue) {
        return new QueueSpec(topology.deadLetterQueue(queue), Map.of("x-queue-type", typeOf(topology)));
    }

    /** Completion events and seals: a stream, so that a restarted coordinator can read it again. */
    static QueueSpec eventLog(Topology topology) {
        return new QueueSpec(topology.eventLog(), Map.of(
                "x-queue-type", "stream",
                "x-max-age", "7D",
                "x-stream-max-segment-size-bytes", 50_000_000));
    }

    private static String typeOf(Topology topology) {
        return topology.queueType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
