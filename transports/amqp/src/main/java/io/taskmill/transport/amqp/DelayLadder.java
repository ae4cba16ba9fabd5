package io.taskmill.transport.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.taskmill.transport.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Exact delays on RabbitMQ without a plugin: a ladder of {@link #LEVELS} queues, queue
 * {@code n} holding every message for exactly 2<sup>n</sup> ms. A delay is written in
 * binary in the routing key, a word per bit, highest first, then the work queue's name;
 * level {@code n}'s topic exchange sends a message whose bit {@code n} is 1 to its queue
 * and one whose bit is 0 straight to the level below. A queue's messages all live equally
 * long, so they expire in the order they came and none waits behind a longer one (the
 * trouble with per-message TTLs); each expires into the level below with its routing key,
 * and below level 0 the {@code due} exchange routes it by the name at the end to its work
 * queue. A delay of {@code d} ms costs as many hops as {@code d} has bits set, each a
 * quorum queue's at-least-once dead-lettering, which takes a good part of a second under
 * load: so delays are taken in steps of {@link #STEP_MS}, rounded up, and the seven lowest
 * levels only pass messages down (their bits are 0), which halves the hops of a delay of
 * seconds for at most 127 ms more of lateness, and never makes a task early.
 */
final class DelayLadder {

    /** 2<sup>38</sup> ms is about eight and a half years. */
    static final int LEVELS = 38;
    static final Duration MAX_DELAY = Duration.ofMillis((1L << LEVELS) - 1);
    /** The ladder's step: 2<sup>7</sup> ms. */
    static final long STEP_MS = 1L << 7;

    private final Topology topology;
    private final AmqpOptions options;

    DelayLadder(Topology topology, AmqpOptions options) {
        this.topology = topology;
        this.options = options;
    }

    /** Level {@code n}'s exchange, and its queue (the same name: they live in different namespaces). */
    String level(int n) {
        return topology.prefix() + ".delay." + n;
    }

    String due() {
        return topology.prefix() + ".delay.due";
    }

    /** {@code delayMs} rounded up to the ladder's step. */
    static long stepped(long delayMs) {
        return (Math.max(1, delayMs) + STEP_MS - 1) / STEP_MS * STEP_MS;
    }

    /** Where a message delayed {@code delayMs} is published: the level of its highest bit. */
    String entry(long delayMs) {
        return level(63 - Long.numberOfLeadingZeros(requireInRange(delayMs)));
    }

    String routingKey(long delayMs, String workQueue) {
        requireInRange(delayMs);
        StringBuilder key = new StringBuilder(2 * LEVELS + workQueue.length());
        for (int bit = LEVELS - 1; bit >= 0; bit--) {
            key.append((delayMs >>> bit & 1) == 1 ? '1' : '0').append('.');
        }
        return key.append(workQueue).toString();
    }

    /** Declares every level (idempotent), unless a process declared them all before. */
    void declareOn(Channel channel) throws IOException {
        if (complete(channel.getConnection())) {
            return;
        }
        channel.exchangeDeclare(due(), BuiltinExchangeType.TOPIC, true);
        for (int n = 0; n < LEVELS; n++) {
            String below = n == 0 ? due() : level(n - 1);
            channel.exchangeDeclare(level(n), BuiltinExchangeType.TOPIC, true);
            Map<String, Object> arguments = QueueSpec.deadLettering(options, below, null, false);
            arguments.put("x-message-ttl", 1L << n);
            new QueueSpec(level(n), arguments).declareOn(channel);
            channel.queueBind(level(n), level(n), bitPattern(n, '1'));
            channel.exchangeBind(below, level(n), bitPattern(n, '0'));
        }
    }

    /**
     * Whether the whole ladder is there: levels are declared in order, so the last level's
     * queue exists only once every level below it does (the last level's own bindings serve
     * delays of over four years alone). Declaring the ladder again is some 270 requests, which
     * on a loaded three-node cluster took seconds, and a worker leasing its first long task
     * waits for it while the broker's delivery timeout runs. A passive look on a channel of its
     * own, since asking for a queue that is missing closes the channel.
     */
    private boolean complete(Connection connection) throws IOException {
        Channel probe = connection.createChannel();
        try {
            probe.queueDeclarePassive(level(LEVELS - 1));
            return true;
        } catch (IOException missing) {
            return false;
        } finally {
            if (probe.isOpen()) {
                probe.abort();
            }
        }
    }

    /** Lets messages due for {@code workQueue} reach it. */
    void bindOn(Channel channel, String workQueue) throws IOException {
        channel.queueBind(workQueue, due(), "*.".repeat(LEVELS) + workQueue);
    }

    private static String bitPattern(int n, char value) {
        return "*.".repeat(LEVELS - 1 - n) + value + ".#";
    }

    private static long requireInRange(long delayMs) {
        if (delayMs < 1 || delayMs > MAX_DELAY.toMillis()) {
            throw new IllegalArgumentException("a delay must be 1 ms to " + MAX_DELAY.toDays() + " days, was "
                    + delayMs + " ms");
        }
        return delayMs;
    }
}
