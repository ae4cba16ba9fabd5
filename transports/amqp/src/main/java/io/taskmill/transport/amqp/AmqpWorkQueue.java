package io.taskmill.transport.amqp;

import com.rabbitmq.client.Channel;
import io.taskmill.transport.DeadLetterQueue;
import io.taskmill.transport.DeliveryHandler;
import io.taskmill.transport.Lane;
import io.taskmill.transport.TaskSubscription;
import io.taskmill.transport.WorkQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One lane of a work queue on RabbitMQ: a durable queue (quorum by default) that
 * dead-letters to the work queue's {@code <queue>.dlq}; tasks due later (retries, delayed
 * tasks) reach it through the deployment's {@link DelayLadder}.
 */
final class AmqpWorkQueue implements WorkQueue {

    private final QueueSpec work;
    private final QueueSpec dead;
    /** The once-only key of this queue's binding to the ladder's {@code due} exchange. */
    private final String ladderBinding;
    private final AmqpOptions options;
    private final AmqpSession session;

    AmqpWorkQueue(String name, Lane lane, int partition, AmqpSession session) {
        this.options = session.options();
        this.work = QueueSpec.workQueue(session.topology(), options, name, lane, partition);
        this.dead = QueueSpec.deadLetterQueue(session.topology(), options, name);
        this.ladderBinding = session.ladder().due() + " -> " + work.name();
        this.session = session;
        declare();
    }

    private void declare() {
        session.declarations().declare(dead);
        session.declarations().declare(work);
    }

    @Override
    public CompletableFuture<Void> publish(byte[] body, String messageId) {
        declare();
        // Someone deleted the queue: declare it again on the caller's next try.
        return session.declarations().forgettingOnUnroutable(
                session.tasks().publish(work.name(), messageId, "task", body, Map.of(), null), work.name(), dead.name());
    }

    /**
     * Through the {@link DelayLadder}: in its steps, rounded up, whatever other delays are
     * waiting, for delays up to {@link DelayLadder#MAX_DELAY}.
     */
    @Override
    public CompletableFuture<Void> publishLater(byte[] body, Duration delay, String messageId) {
        long called = System.nanoTime();
        prepareLater();
        DelayLadder ladder = session.ladder();
        // The delay runs from the call: declaring the ladder, the first time, takes a while.
        long millis = DelayLadder.stepped(delay.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - called));
        return session.tasks().publish(ladder.entry(millis), ladder.routingKey(millis, work.name()), messageId, "task",
                body, Map.of(), null);
    }

    /** Declares the queue, the deployment's delay ladder and this queue's binding to it, once. */
    @Override
    public void prepareLater() {
        declare();
        DelayLadder ladder = session.ladder();
        session.declarations().ensure(ladder.due(), ladder::declareOn);
        session.declarations().ensure(ladderBinding, channel -> ladder.bindOn(channel, work.name()));
    }

    @Override
    public CompletableFuture<Void> deadLetter(byte[] body, Map<String, String> reason, String messageId) {
        declare();
        return session.tasks().publish(dead.name(), messageId, "task", body, reason, null);
    }

    @Override
    public TaskSubscription consume(int prefetch, DeliveryHandler handler) {
        declare();
        return new AmqpTaskSubscription(session.consumingChannels(), List.of(dead, work), prefetch, options.quorum(),
                handler, session.recovery());
    }

    @Override
    public DeadLetterQueue deadLetters() {
        declare();
        Supplier<Channel> channels = session.adminChannels();
        return new AmqpDeadLetterQueue(channels, dead.name());
    }
}
