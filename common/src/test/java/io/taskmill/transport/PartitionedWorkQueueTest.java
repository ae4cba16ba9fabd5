package io.taskmill.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskmill.transport.memory.MemoryTransport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The partitioned view of a work queue over queues of the in-JVM broker: the composition
 * alone, which the transports on RabbitMQ and NATS hand out for {@code ?partitions=N}.
 */
class PartitionedWorkQueueTest {

    private final Transport broker = MemoryTransport.open(BrokerAddress.parse("mem://partitions-" + UUID.randomUUID()),
            Topology.defaults());
    private final List<WorkQueue> parts = List.of(broker.workQueue("a"), broker.workQueue("b"), broker.workQueue("c"));

    private long depth(String queue) {
        return broker.statistics().status(List.of(queue)).get(0).messages();
    }

    @Test
    void tasksGoToThePartitionsInTurnAndOneConsumerTakesThemAll() {
        WorkQueue queue = new PartitionedWorkQueue(parts, Lane.DEFAULT);
        for (int i = 0; i < 30; i++) {
            queue.publish(("task " + i).getBytes(UTF_8), "task-" + i).join();
        }
        assertThat(List.of(depth("a"), depth("b"), depth("c"))).containsExactly(10L, 10L, 10L);

        Set<String> taken = ConcurrentHashMap.newKeySet();
        try (TaskSubscription all = queue.consume(4, delivery -> {
            taken.add(new String(delivery.body(), UTF_8));
            delivery.ack();
        })) {
            await().atMost(Duration.ofSeconds(20)).until(() -> taken.size() == 30);
            all.resize(7);
            assertThat(all.state()).isEqualTo(SubscriptionState.ACTIVE);
        }
        assertThat(List.of(depth("a"), depth("b"), depth("c"))).containsExactly(0L, 0L, 0L);
    }

    @Test
    void aKeysLaneAlwaysGoesToTheSamePartitionAndDeadLettersToTheFirsts() {
        Lane keyed = Lane.of(Priority.NORMAL, "tenant-a");
        WorkQueue queue = new PartitionedWorkQueue(parts, keyed);
        for (int i = 0; i < 6; i++) {
            queue.publish(("task " + i).getBytes(UTF_8), "task-" + i).join();
        }
        String pinned = List.of("a", "b", "c").get(keyed.slot() % 3);
        assertThat(depth(pinned)).isEqualTo(6);

        queue.deadLetter("poison".getBytes(UTF_8), java.util.Map.of(), "poison").join();
        List<String> seen = new java.util.ArrayList<>();
        queue.deadLetters().visit(10, letter -> seen.add(new String(letter.body(), UTF_8)) && false);
        assertThat(seen).containsExactly("poison");
        assertThat(broker.statistics().status(List.of("a")).get(1).messages()).as("the first's dead letters").isEqualTo(1);
    }
}
