package io.taskmill.transport.memory;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.DeadLetter;
import io.taskmill.transport.DeadLetterQueue;
import io.taskmill.transport.DeliveryHandler;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.QueueInfo;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** {@link Transport} over a {@link MemoryBroker} in this JVM. Publishes are "confirmed" at once. */
public final class MemoryTransport implements Transport {

    private final MemoryBroker broker;
    private final Topology topology;
    private final String name;

    private MemoryTransport(MemoryBroker broker, Topology topology, String name) {
        this.broker = broker;
        this.topology = topology;
        this.name = name;
    }

    /** Opens {@code mem://name}; the same name in the same JVM is the same broker. */
    public static MemoryTransport open(BrokerAddress address, Topology topology) {
        String host = address.uri().getHost() != null ? address.uri().getHost() : address.uri().getSchemeSpecificPart();
        String name = host == null || host.isBlank() ? "default" : host.replaceAll("^/+", "");
        return new MemoryTransport(MemoryBroker.named(name), topology, name);
    }

    @Override
    public CompletableFuture<Void> publishTask(String queue, byte[] body, String messageId) {
        workQueue(queue).publish(body, Map.of(), messageId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> publishRetry(String queue, int attempt, byte[] body, long delayMs,
                                                String messageId) {
        MemoryQueue work = workQueue(queue);
        broker.later(delayMs, () -> work.publish(body, Map.of(), messageId));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> publishDeadLetter(String queue, byte[] body, Map<String, String> reason,
                                                     String messageId) {
        broker.queue(topology.deadLetterQueue(queue)).publish(body, reason, messageId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public DeadLetterQueue deadLetters(String queue) {
        MemoryQueue dead = broker.queue(topology.deadLetterQueue(queue));
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

    @Override
    public Subscription consumeTasks(String queue, int prefetch, DeliveryHandler handler) {
        return workQueue(queue).subscribe(prefetch, handler);
    }

    @Override
    public CompletableFuture<Void> appendEvent(byte[] body) {
        broker.events().append(body, System.currentTimeMillis());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Subscription readEvents(long fromEpochMillis, EventHandler handler) {
        return broker.events().read(fromEpochMillis, handler);
    }

    @Override
    public CompletableFuture<Void> appendControl(byte[] body) {
        broker.control().append(body, System.currentTimeMillis());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Subscription readControl(long fromEpochMillis, EventHandler handler) {
        return broker.control().read(fromEpochMillis, handler);
    }

    @Override
    public List<QueueInfo> status(List<String> queues) {
        List<QueueInfo> infos = new ArrayList<>();
        for (String queue : queues) {
            infos.add(info(topology.workQueue(queue)));
            infos.add(info(topology.deadLetterQueue(queue)));
        }
        return infos;
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public String describe() {
        return "mem://" + name;
    }

    @Override
    public void close() {
        // The broker outlives its connections, as a real one does.
    }

    private MemoryQueue workQueue(String queue) {
        broker.queue(topology.deadLetterQueue(queue));
        return broker.queue(topology.workQueue(queue));
    }

    private QueueInfo info(String fullName) {
        MemoryQueue queue = broker.existingQueue(fullName);
        return queue == null ? new QueueInfo(fullName, false, 0, 0)
                : new QueueInfo(fullName, true, queue.depth(), queue.consumerCount());
    }
}
