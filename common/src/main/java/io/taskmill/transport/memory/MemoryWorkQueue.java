package io.taskmill.transport.memory;

import io.taskmill.transport.DeadLetter;
import io.taskmill.transport.DeadLetterQueue;
import io.taskmill.transport.DeliveryHandler;
import io.taskmill.transport.TaskSubscription;
import io.taskmill.transport.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** A work queue and its dead letters in a {@link MemoryBroker}. Publishes are "confirmed" at once. */
final class MemoryWorkQueue implements WorkQueue {

    private final MemoryBroker broker;
    private final MemoryQueue work;
    private final MemoryQueue dead;

    MemoryWorkQueue(MemoryBroker broker, MemoryQueue work, MemoryQueue dead) {
        this.broker = broker;
        this.work = work;
        this.dead = dead;
    }

    @Override
    public CompletableFuture<Void> publish(byte[] body, String messageId) {
        work.publish(body, Map.of(), messageId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> publishLater(byte[] body, Duration delay, String messageId) {
        work.delay(1);
        broker.later(delay.toMillis(), () -> {
            work.publish(body, Map.of(), messageId);
            work.delay(-1);
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> deadLetter(byte[] body, Map<String, String> reason, String messageId) {
        dead.publish(body, reason, messageId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public TaskSubscription consume(int prefetch, DeliveryHandler handler) {
        return work.subscribe(prefetch, handler);
    }

    @Override
    public DeadLetterQueue deadLetters() {
        return new DeadLetterQueue() {
            @Override
            public int visit(int limit, Predicate<DeadLetter> remove) {
                List<MemoryQueue.Message> kept = new ArrayList<>();
                int removed = 0;
                int seen = 0;
                for (MemoryQueue.Message message : dead.takeAll()) {
                    if (seen++ < limit
                            && remove.test(new DeadLetter(message.body(), message.headers(), message.messageId()))) {
                        removed++;
                    } else {
                        kept.add(message);
                    }
                }
                dead.restore(kept);
                return removed;
            }

            @Override
            public long purge() {
                return dead.takeAll().size();
            }
        };
    }
}
