package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.taskmill.transport.Lane;
import io.taskmill.transport.Topology;
import io.taskmill.transport.LogRetention;
import io.taskmill.transport.TopologyMismatchException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A durable queue as Taskmill declares it: one value instead of
 * {@code queueDeclare(name, true, false, false, args)}, so that declaring is idempotent
 * and the same value can be declared again after a reconnect.
 */
record QueueSpec(String name, Map<String, Object> arguments) {

    QueueSpec {
        arguments = Map.copyOf(arguments);
    }

    /**
     * Declares the queue (durable, idempotent). A queue that exists with other arguments is
     * a {@link TopologyMismatchException} naming it; the broker closes the channel with it.
     * A queue that exists with another count of copies is declared as it is, with a warning
     * (see {@link Copies}): that is a change the broker makes only by hand.
     */
    void declareOn(Channel channel) throws IOException {
        Copies.agreed(this, channel.getConnection()).declareAs(channel);
    }

    QueueSpec withArgument(String key, Object value) {
        Map<String, Object> changed = new HashMap<>(arguments);
        if (value == null) {
            changed.remove(key);
        } else {
            changed.put(key, value);
        }
        return new QueueSpec(name, changed);
    }

    private void declareAs(Channel channel) throws IOException {
        try {
            channel.queueDeclare(name, true, false, false, arguments);
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException signal
                    && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == 406) {
                throw new TopologyMismatchException(name, close.getReplyText());
            }
            throw e;
        }
    }

    /**
     * A work queue dead-letters to its DLQ. On quorum queues that is at-least-once (which
     * needs {@code reject-publish} overflow) and bounded by a delivery limit, so that a
     * message that kills every worker ends there instead of looping.
     */
    static QueueSpec workQueue(Topology topology, AmqpOptions options, String queue) {
        return workQueue(topology, options, queue, Lane.DEFAULT);
    }

    /** A lane of a work queue: a queue of its own, dead-lettering to the work queue's DLQ. */
    static QueueSpec workQueue(Topology topology, AmqpOptions options, String queue, Lane lane) {
        return workQueue(topology, options, queue, lane, 0);
    }

    /** A lane of one partition of a work queue, dead-lettering to the work queue's DLQ as every partition does. */
    static QueueSpec workQueue(Topology topology, AmqpOptions options, String queue, Lane lane, int partition) {
        return new QueueSpec(topology.workQueue(queue, lane, partition), deadLettering(options, "",
                topology.deadLetterQueue(queue), true));
    }

    /**
     * Arguments of a queue whose dead letters go to {@code exchange}: with {@code routingKey}, or
     * with their own routing key when it is null.
     */
    static Map<String, Object> deadLettering(AmqpOptions options, String exchange, String routingKey,
                                             boolean limitDeliveries) {
        Map<String, Object> arguments = typed(options);
        arguments.put("x-dead-letter-exchange", exchange);
        if (routingKey != null) {
            arguments.put("x-dead-letter-routing-key", routingKey);
        }
        if (options.quorum()) {
            arguments.put("x-dead-letter-strategy", "at-least-once");
            arguments.put("x-overflow", "reject-publish");
            if (limitDeliveries) {
                arguments.put("x-delivery-limit", options.deliveryLimit());
            }
        }
        return arguments;
    }

    static QueueSpec deadLetterQueue(Topology topology, AmqpOptions options, String queue) {
        return new QueueSpec(topology.deadLetterQueue(queue), typed(options));
    }

    /** A queue of the URI's type, with its copies on a quorum queue. */
    private static Map<String, Object> typed(AmqpOptions options) {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", options.queueTypeName());
        if (options.quorum()) {
            options.replicas().ifPresent(copies -> arguments.put(Copies.QUORUM, copies));
        }
        return arguments;
    }

    /**
     * A log: a stream, so that a restarted coordinator can read it again, kept as the log's
     * retention says.
     */
    static QueueSpec logStream(String name, LogRetention retention, OptionalInt replicas) {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", "stream");
        replicas.ifPresent(copies -> arguments.put(Copies.STREAM, copies));
        retention.maxAge().ifPresent(age -> arguments.put("x-max-age", maxAge(age)));
        retention.maxBytes().ifPresent(bytes -> arguments.put("x-max-length-bytes", bytes));
        arguments.put("x-stream-max-segment-size-bytes", segmentBytes(retention));
        return new QueueSpec(name, arguments);
    }

    /**
     * The broker drops whole segments only, so a segment is a hundredth of the size limit
     * (100 kB to 50 MB): the log never holds much more than its limit, nor drops much at once.
     * A log kept by age alone (heartbeats) is small: 1 MB segments, so that it does not hold
     * days in a segment of default size.
     */
    static int segmentBytes(LogRetention retention) {
        return retention.maxBytes().isPresent()
                ? (int) Math.max(100_000L, Math.min(50_000_000L, retention.maxBytes().getAsLong() / 100)) : 1_000_000;
    }

    /** RabbitMQ's form of an age: whole days, minutes or seconds (an hour is 60m, as Taskmill always wrote it). */
    static String maxAge(Duration age) {
        long seconds = age.toSeconds();
        return seconds % 86_400 == 0 ? seconds / 86_400 + "D" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
