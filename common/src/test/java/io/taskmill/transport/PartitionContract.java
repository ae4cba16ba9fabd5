package io.taskmill.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskmill.testing.TestTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A work queue spread over partitions ({@code ?partitions=N}) on a broker: tasks spread
 * over the broker's queues, one consumer takes them all, status counts them as one queue,
 * and a queue that gains partitions keeps its backlog.
 */
public abstract class PartitionContract {

    protected static final String QUEUE = Topology.DEFAULT_QUEUE;
    private static final int PARTITIONS = 3;

    protected final Topology topology = TestTopology.unique();
    private final List<Transport> opened = new ArrayList<>();

    /** The broker's URI with these options ({@code name=value&...}). */
    protected abstract String uri(String options);

    /** Messages in one partition of {@link #QUEUE}, asked of the broker itself. */
    protected abstract long brokerDepth(int partition) throws Exception;

    protected abstract void cleanUp(String uri) throws Exception;

    private Transport open(int partitions) {
        Transport transport = Transports.open(BrokerAddress.parse(uri("partitions=" + partitions)), topology);
        opened.add(transport);
        return transport;
    }

    private long depth(Transport transport) {
        return transport.statistics().status(List.of(QUEUE)).get(0).messages();
    }

    @Test
    void tasksSpreadOverThePartitionsAndOneConsumerTakesThemAll() throws Exception {
        Transport transport = open(PARTITIONS);
        for (int i = 0; i < 30; i++) {
            // Asked for each publish, as the client asks: the turn goes on all the same.
            transport.workQueue(QUEUE).publish(("task " + i).getBytes(UTF_8), "task-" + i).join();
        }
        WorkQueue queue = transport.workQueue(QUEUE);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            assertThat(brokerDepth(partition)).as("partition %d", partition).isEqualTo(10);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> depth(transport) == 30);

        Set<String> taken = ConcurrentHashMap.newKeySet();
        try (TaskSubscription consumer = queue.consume(4, delivery -> {
            taken.add(new String(delivery.body(), UTF_8));
            delivery.ack();
        })) {
            await().atMost(Duration.ofMinutes(1)).until(() -> taken.size() == 30);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> depth(transport) == 0);
    }

    @Test
    void aQueueThatGainsPartitionsKeepsItsBacklogInTheFirst() throws Exception {
        WorkQueue before = open(1).workQueue(QUEUE);
        for (int i = 0; i < 5; i++) {
            before.publish(("before " + i).getBytes(UTF_8), "before-" + i).join();
        }
        WorkQueue after = open(PARTITIONS).workQueue(QUEUE);
        for (int i = 0; i < 6; i++) {
            after.publish(("after " + i).getBytes(UTF_8), "after-" + i).join();
        }
        assertThat(brokerDepth(0)).isEqualTo(7);

        Set<String> taken = ConcurrentHashMap.newKeySet();
        try (TaskSubscription consumer = after.consume(2, delivery -> {
            taken.add(new String(delivery.body(), UTF_8));
            delivery.ack();
        })) {
            await().atMost(Duration.ofMinutes(1)).until(() -> taken.size() == 11);
        }
        assertThat(taken).contains("before 0", "before 4", "after 5");
    }

    /** A worker started without the partitions leaves two of three unconsumed: status says no consumer. */
    @Test
    void aQueueWithAPartitionNoWorkerTakesHasNoConsumerInStatus() throws Exception {
        Transport partitioned = open(PARTITIONS);
        partitioned.workQueue(QUEUE);
        Transport firstPartition = open(1);
        try (TaskSubscription firstOnly = firstPartition.workQueue(QUEUE).consume(2, Delivery::ack)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> consumers(firstPartition) >= 1);
            assertThat(consumers(partitioned)).as("the fewest consumers of a partition").isZero();
            try (TaskSubscription all = partitioned.workQueue(QUEUE).consume(2, Delivery::ack)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> consumers(partitioned) >= 1);
            }
        }
    }

    private static int consumers(Transport transport) {
        return transport.statistics().status(List.of(QUEUE)).get(0).consumers();
    }

    @AfterEach
    void close() throws Exception {
        opened.forEach(Transport::close);
        cleanUp(uri("partitions=" + PARTITIONS));
    }
}
