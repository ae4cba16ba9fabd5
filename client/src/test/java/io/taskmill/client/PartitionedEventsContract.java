package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.task.BatchId;
import io.taskmill.task.JoinFence;
import io.taskmill.task.TaskCodec;
import io.taskmill.testing.TestTopology;
import io.taskmill.transport.EventPartitions;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import io.taskmill.worker.WorkerConfig;
import io.taskmill.worker.WorkerEngine;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A deployment whose events are spread over partitions: a batch's events all go to its
 * partition and nowhere else, its join counts them exactly, and the batches of the one log
 * it had before stay joinable, cancellable and visible to readers of every batch.
 */
abstract class PartitionedEventsContract {

    private static final int PARTITIONS = 4;
    private static final Duration WAIT = Duration.ofMinutes(2);

    private final Topology topology = TestTopology.unique();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<WorkerEngine> workers = new ArrayList<>();
    private final TaskCodec codec = new TaskCodec();

    /** The broker, with no options: a deployment of one event log. */
    abstract RemoteBroker broker();

    private RemoteBroker partitioned() {
        return broker().withOptions("event-partitions=" + PARTITIONS);
    }

    @Test
    void aBatchsEventsAreAllInItsPartitionAndItsJoinCountsThem() throws Exception {
        startWorker(partitioned());
        TaskmillClient client = client(partitioned());
        List<String> batches = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            BatchPublisher batch = client.openBatch();
            for (int i = 0; i < 20; i++) {
                batch.submit("noop", JsonNodeFactory.instance.objectNode());
            }
            batch.seal();
            batches.add(batch.id());
        }
        for (String batch : batches) {
            JoinSummary summary = client.join(batch, WAIT, progress -> { }, result -> { });
            assertThat(summary.succeeded()).isEqualTo(20);
            assertThat(summary.duplicates()).isZero();
        }

        Transport transport = transport(partitioned());
        EventPartitions partitions = transport.eventPartitions();
        assertThat(partitions.count()).isEqualTo(PARTITIONS);
        for (String batch : batches) {
            Set<String> holding = new TreeSet<>();
            for (LogSpec log : partitions.readable()) {
                if (!entriesMentioning(transport, log, batch).isEmpty()) {
                    holding.add(log.name());
                }
            }
            assertThat(holding).as("the logs holding batch %s", batch).containsExactly(partitions.of(batch).name());
        }
    }

    /** The producer names its batch's partition in every task: a worker started with another count reports there. */
    @Test
    void aWorkerOfAnotherCountReportsWhereTheProducerLoggedTheBatch() throws Exception {
        startWorker(broker());
        TaskmillClient client = client(partitioned());
        BatchPublisher batch = client.openBatch();
        for (int i = 0; i < 10; i++) {
            batch.submit("noop", JsonNodeFactory.instance.objectNode());
        }
        batch.seal();

        JoinSummary summary = client.join(batch.id(), WAIT, progress -> { }, result -> { });
        assertThat(summary.succeeded()).isEqualTo(10);
        assertThat(entriesMentioning(transport(broker()), Logs.EVENTS, batch.id())).as("the one log").isEmpty();
    }

    @Test
    void aBatchOfTheOneLogOfBeforeIsStillJoinedFollowedAndCancelled() throws Exception {
        WorkerEngine before = startWorker(broker());
        TaskmillClient oneLog = client(broker());
        BatchPublisher batch = oneLog.openBatch();
        for (int i = 0; i < 5; i++) {
            batch.submit("noop", JsonNodeFactory.instance.objectNode());
        }
        batch.seal();
        assertThat(oneLog.join(batch.id(), WAIT, progress -> { }, result -> { }).succeeded()).isEqualTo(5);
        before.drain(Duration.ofSeconds(10));

        TaskmillClient client = client(partitioned());
        JoinSummary summary = client.join(batch.id(), WAIT, progress -> { }, result -> { });
        assertThat(summary.total()).isEqualTo(5);
        assertThat(summary.succeeded()).isEqualTo(5);

        CountDownLatch seen = new CountDownLatch(1);
        try (Subscription all = client.followEvents(BatchId.createdAt(batch.id()).toEpochMilli() - 1_000, body -> {
            if (new String(body, StandardCharsets.UTF_8).contains(batch.id())) {
                seen.countDown();
            }
        })) {
            assertThat(seen.await(1, TimeUnit.MINUTES)).as("a reader of every batch sees the batch of before").isTrue();
        }

        client.cancel(batch.id());
        List<String> cancels = entriesMentioning(transport(partitioned()), Logs.EVENTS, batch.id()).stream()
                .filter(entry -> entry.contains("\"cancelled\"")).toList();
        assertThat(cancels).as("the cancellation goes where the batch is").hasSize(1);
    }

    /** The log's entries since a minute ago that mention {@code needle}, read up to an entry appended now. */
    private List<String> entriesMentioning(Transport transport, LogSpec log, String needle) throws Exception {
        String marker = UUID.randomUUID().toString();
        List<String> found = new ArrayList<>();
        Set<String> done = ConcurrentHashMap.newKeySet();
        CountDownLatch caughtUp = new CountDownLatch(1);
        try (Subscription reader = transport.log(log).read(Instant.now().minusSeconds(60).toEpochMilli(), body -> {
            String entry = new String(body, StandardCharsets.UTF_8);
            if (entry.contains(marker)) {
                caughtUp.countDown();
            } else if (entry.contains(needle) && done.isEmpty()) {
                synchronized (found) {
                    found.add(entry);
                }
            }
        })) {
            transport.log(log).append(codec.encode(JoinFence.of(BatchId.create(Instant.now()), marker,
                    System.currentTimeMillis()))).get(30, TimeUnit.SECONDS);
            assertThat(caughtUp.await(1, TimeUnit.MINUTES)).as("read %s up to now", log.name()).isTrue();
            done.add(marker);
        }
        synchronized (found) {
            return List.copyOf(found);
        }
    }

    private WorkerEngine startWorker(RemoteBroker broker) {
        WorkerEngine worker = new WorkerEngine(transport(broker), HandlerRegistry.load(), codec,
                new WorkerConfig(Topology.DEFAULT_QUEUE, 2, 16, "partitions-it-worker"), Clock.systemUTC());
        worker.start();
        workers.add(worker);
        return worker;
    }

    private Transport transport(RemoteBroker broker) {
        Transport transport = Transports.open(broker.address(), topology);
        opened.add(transport);
        return transport;
    }

    private TaskmillClient client(RemoteBroker broker) {
        TaskmillClient client = TaskmillClient.connect(ClientOptions.remote(broker.address(), topology,
                Topology.DEFAULT_QUEUE), Clock.systemUTC());
        opened.add(client);
        return client;
    }

    @AfterEach
    void close() throws Exception {
        for (WorkerEngine worker : workers) {
            worker.drain(Duration.ofSeconds(10));
        }
        for (AutoCloseable resource : opened) {
            resource.close();
        }
        partitioned().cleanUp(topology);
    }
}
