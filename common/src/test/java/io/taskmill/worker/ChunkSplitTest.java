package io.taskmill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.coordinator.Coordinator;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Delivery;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.memory.MemoryTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Chunks are for short tasks: a worker hands back, one message each, the tasks of a chunk that proves otherwise. */
class ChunkSplitTest {

    private final TaskCodec codec = new TaskCodec();
    private final Transport transport = MemoryTransport.open(
            BrokerAddress.parse("mem://chunks-" + UUID.randomUUID()), Topology.defaults());
    private final String batch = BatchId.create(Instant.now());
    private final MovableClock clock = new MovableClock();
    private WorkerEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.drain(Duration.ofSeconds(5));
        }
    }

    /** "slow" tasks take two seconds of the engine's clock, without taking them of the test's. */
    private void startWorker() {
        HandlerRegistry handlers = HandlerRegistry.load().with("slow", task -> {
            clock.advance(Duration.ofSeconds(2));
            return codec.mapper().getNodeFactory().numberNode(task.id().seq());
        });
        engine = new WorkerEngine(transport, handlers, codec, new WorkerConfig("default", 1, 8, "test-worker"), clock);
        engine.start();
    }

    private void publishChunk(String type, int tasks) {
        List<JsonNode> payloads = Collections.nCopies(tasks, codec.mapper().createObjectNode());
        TaskEnvelope chunk = TaskEnvelope.chunk(new TaskId(batch, 0), type, payloads, 60_000, clock.millis());
        transport.workQueue("default").publish(codec.encode(chunk), chunk.id()).join();
        transport.log(Logs.EVENTS).append(codec.encode(BatchSealed.of(batch, tasks, clock.millis()))).join();
    }

    private JoinSummary join() throws InterruptedException {
        return new Coordinator(transport, codec).join(batch, Duration.ofSeconds(20), Duration.ofMillis(100),
                progress -> { }, event -> { });
    }

    @Test
    void theTasksLeftWhenAChunkOutlastsItsSliceGoBackOneMessageEach() throws Exception {
        publishChunk("slow", 4);
        startWorker();

        JoinSummary summary = join();

        assertThat(summary.succeeded()).isEqualTo(4);
        assertThat(summary.duplicates()).isZero();
        // The engine counts a delivery once it is acked, which may come just after the join has its answer.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(engine.requeued()).as("the first task ran past the slice; the other three went back")
                    .isEqualTo(3);
            assertThat(engine.completed()).isEqualTo(4);
        });
    }

    @Test
    void whatAHandlerLogsNamesItsTask() throws Exception {
        java.util.Map<Long, String> logged = new java.util.concurrent.ConcurrentHashMap<>();
        engine = new WorkerEngine(transport, HandlerRegistry.load().with("mdc", task -> {
            logged.put(task.id().seq(), org.slf4j.MDC.get("taskId") + " " + org.slf4j.MDC.get("batch") + " "
                    + org.slf4j.MDC.get("taskType"));
            return null;
        }), codec, new WorkerConfig("default", 1, 8, "test-worker"), clock);
        engine.start();
        publishChunk("mdc", 3);

        assertThat(join().succeeded()).isEqualTo(3);
        assertThat(logged).containsEntry(2L, batch + ":2 " + batch + " mdc").hasSize(3);
    }

    @Test
    void aChunkBackOnceRunsWhole() throws Exception {
        publishChunk("noop", 3);
        BlockingQueue<Delivery> held = new LinkedBlockingQueue<>();
        Subscription crashed = transport.workQueue("default").consume(1, held::add);
        assertThat(held.poll(5, TimeUnit.SECONDS)).isNotNull();
        crashed.close();
        startWorker();

        assertThat(join().succeeded()).isEqualTo(3);
        assertThat(engine.requeued()).as("a restart hands every chunk back once: no republishing en masse").isZero();
    }

    @Test
    void aChunkOfShortTasksRunsWhole() throws Exception {
        publishChunk("noop", 50);
        startWorker();

        JoinSummary summary = join();

        assertThat(summary.succeeded()).isEqualTo(50);
        assertThat(engine.requeued()).isZero();
    }

    @Test
    void aChunkBackASecondTimeIsSplitBeforeAnyOfItRunsAgain() throws Exception {
        publishChunk("noop", 3);
        for (int crash = 0; crash < TaskRunner.SPLIT_AFTER_RETURNS; crash++) {
            BlockingQueue<Delivery> held = new LinkedBlockingQueue<>();
            Subscription crashed = transport.workQueue("default").consume(1, held::add);
            assertThat(held.poll(5, TimeUnit.SECONDS)).as("a worker took the chunk and died").isNotNull();
            crashed.close();
        }
        startWorker();

        JoinSummary summary = join();

        assertThat(summary.succeeded()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(engine.requeued())
                .as("a task that crashed its worker meets the redelivery guard alone").isEqualTo(3));
    }
}
