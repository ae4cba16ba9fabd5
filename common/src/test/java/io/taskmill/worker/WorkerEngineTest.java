package io.taskmill.worker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.coordinator.Coordinator;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.handler.TaskHandler;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.DeadLetter;
import io.taskmill.transport.EventPartitions;
import io.taskmill.transport.Headers;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.memory.MemoryTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine and the coordinator together on the in-JVM transport. */
class WorkerEngineTest {

    private final TaskCodec codec = new TaskCodec();
    private final Transport transport = MemoryTransport.open(
            BrokerAddress.parse("mem://engine-" + UUID.randomUUID()), Topology.defaults());
    private final String batch = BatchId.create(Instant.now());
    private WorkerEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.drain(Duration.ofSeconds(5));
        }
    }

    private void startWorker(int threads) {
        startWorker(threads, HandlerRegistry.load());
    }

    private void startWorker(int threads, HandlerRegistry handlers) {
        RetryPolicy fast = new RetryPolicy(3, RetryPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(200)));
        engine = new WorkerEngine(transport, handlers, codec,
                new WorkerConfig("default", threads, 8, "test-worker", fast, 4, 1_000,
                        WorkerConfig.DEFAULT_CANCEL_LOOK_BACK), Clock.systemUTC());
        engine.start();
    }

    private List<DeadLetter> deadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        transport.workQueue("default").deadLetters().visit(100, letter -> letters.add(letter) && false);
        return letters;
    }

    private void publish(long seq, String type, String payloadJson, long timeLimitMs) throws Exception {
        TaskEnvelope envelope = TaskEnvelope.create(new TaskId(batch, seq), type,
                codec.mapper().readTree(payloadJson), timeLimitMs, System.currentTimeMillis());
        transport.workQueue("default").publish(codec.encode(envelope), envelope.id()).join();
    }

    private void seal(long total) {
        transport.log(Logs.EVENTS).append(codec.encode(BatchSealed.of(batch, total, System.currentTimeMillis()))).join();
    }

    private JoinSummary join(Map<Long, CompletionEvent> results) throws InterruptedException {
        return new Coordinator(transport, codec).join(batch, Duration.ofSeconds(20), Duration.ofMillis(100),
                progress -> { }, event -> results.put(event.taskId().seq(), event));
    }

    @Test
    void everyTaskIsRunReportedAndCountedOnce() throws Exception {
        startWorker(2);
        for (int i = 0; i < 50; i++) {
            publish(i, "count", "{\"n\": " + (1000 + i) + "}", 60_000);
        }
        seal(50);
        Map<Long, CompletionEvent> results = new ConcurrentHashMap<>();

        JoinSummary summary = join(results);

        assertThat(summary.succeeded()).isEqualTo(50);
        assertThat(summary.duplicates()).isZero();
        assertThat(results.get(3L).result().get("n").asLong()).isEqualTo(1003);
        assertThat(transport.statistics().status(List.of("default")).get(0).messages()).isZero();
    }

    @Test
    void finishedTasksLeaveNoTimerBehind() throws Exception {
        for (int i = 0; i < 500; i++) {
            publish(i, "noop", "{}", 600_000);
        }
        seal(500);
        startWorker(2);

        assertThat(join(new ConcurrentHashMap<>()).succeeded()).isEqualTo(500);
        assertThat(engine.pendingTimers()).as("time limits of finished tasks still queued").isLessThan(10);
    }

    @Test
    void tasksWaitingBeforeTheWorkerStartsAreAllRun() throws Exception {
        for (int i = 0; i < 200; i++) {
            publish(i, "noop", "{}", 60_000);
        }
        seal(200);
        startWorker(4);

        JoinSummary summary = join(new ConcurrentHashMap<>());

        assertThat(summary.succeeded()).isEqualTo(200);
        assertThat(transport.statistics().status(List.of("default")).get(0).messages()).isZero();
    }

    @Test
    void aNonRetryableFailureIsDeadLetteredAtOnceWithItsReason() throws Exception {
        startWorker(1);
        publish(0, "sha512", "{\"path\": \"/no/such/file\"}", 60_000);
        publish(1, "count", "{\"n\": -1}", 60_000);
        seal(2);
        Map<Long, CompletionEvent> results = new ConcurrentHashMap<>();

        JoinSummary summary = join(results);

        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.exitCode()).isEqualTo(1);
        assertThat(results.get(0L).error()).isEqualTo("NonRetryableTaskException: no such file: /no/such/file");
        assertThat(results.get(0L).attempt()).isEqualTo(1);
        assertThat(results.get(1L).error()).contains("non-negative integer field 'n'");
        assertThat(engine.retried()).isZero();
        assertThat(deadLetters()).hasSize(2).allSatisfy(letter -> assertThat(letter.reason())
                .containsEntry(Headers.REASON, "non-retryable")
                .containsEntry(Headers.ERROR_CLASS, "NonRetryableTaskException")
                .containsEntry(Headers.ATTEMPTS, "1")
                .containsEntry(Headers.WORKER, "test-worker")
                .containsKey(Headers.FAILED_AT));
    }

    @Test
    void aResultTooLargeToReportFailsTheTaskInsteadOfWedgingTheWorker() throws Exception {
        TaskCodec small = new TaskCodec(4096);
        HandlerRegistry handlers = HandlerRegistry.load()
                .with("big", task -> small.mapper().getNodeFactory().textNode("x".repeat(2_000)))
                .with("fits", task -> small.mapper().getNodeFactory().textNode("x".repeat(500)));
        engine = new WorkerEngine(transport, handlers, small, new WorkerConfig("default", 1, 8, "test-worker"),
                Clock.systemUTC());
        engine.start();
        publish(0, "big", "{}", 60_000);
        publish(1, "fits", "{}", 60_000);
        seal(2);
        Map<Long, CompletionEvent> results = new ConcurrentHashMap<>();

        JoinSummary summary = join(results);

        assertThat(summary.succeeded()).isEqualTo(1);
        assertThat(results.get(0L).error()).startsWith("ResultTooLarge: the result encodes to 2002 bytes, over the "
                + "limit of 1024");
        assertThat(results.get(1L).result().asText()).hasSize(500);
        assertThat(deadLetters()).singleElement().satisfies(letter ->
                assertThat(letter.reason()).containsEntry(Headers.REASON, "non-retryable"));
    }

    @Test
    void aRedeliveredMessagePastTheGuardIsDeadLetteredWithoutRunning() throws Exception {
        publish(0, "sleep", "{\"ms\": 1}", 60_000);
        for (int crash = 0; crash < 4; crash++) {
            java.util.concurrent.BlockingQueue<io.taskmill.transport.Delivery> held =
                    new java.util.concurrent.LinkedBlockingQueue<>();
            io.taskmill.transport.Subscription crashing = transport.workQueue("default").consume(1, held::add);
            assertThat(held.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
            crashing.close();
        }
        startWorker(1);
        seal(1);
        Map<Long, CompletionEvent> results = new ConcurrentHashMap<>();

        JoinSummary summary = join(results);

        assertThat(summary.failed()).isEqualTo(1);
        assertThat(results.get(0L).error()).startsWith("RedeliveryLimit: delivered 5 times");
        assertThat(deadLetters()).singleElement().satisfies(letter ->
                assertThat(letter.reason()).containsEntry(Headers.REASON, "redelivered"));
    }

    @Test
    void aTaskPastItsTimeLimitIsInterruptedRetriedAndFinallyDeadLettered() throws Exception {
        startWorker(1);
        publish(0, "sleep", "{\"ms\": 60000}", 200);
        seal(1);
        Map<Long, CompletionEvent> results = new ConcurrentHashMap<>();

        JoinSummary summary = join(results);

        assertThat(summary.failed()).isEqualTo(1);
        assertThat(results.get(0L).error()).startsWith("TimeLimitExceeded");
        assertThat(results.get(0L).attempt()).isEqualTo(3);
        // Counted once the attempt's delivery is acked, which may follow the join's answer.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(engine.retried()).isEqualTo(2));
        assertThat(deadLetters()).singleElement().satisfies(letter ->
                assertThat(letter.reason()).containsEntry(Headers.REASON, "failed").containsEntry(Headers.ATTEMPTS, "3"));
    }

    @Test
    void poisonMessagesAreDeadLetteredAndTheirBatchStillEnds() throws Exception {
        startWorker(1);
        transport.workQueue("default").publish("not json at all".getBytes(UTF_8), "garbage").join();
        publish(0, "no-such-type", "{}", 60_000);
        String wrongVersion = new String(codec.encode(TaskEnvelope.create(new TaskId(batch, 1), "noop",
                JsonNodeFactory.instance.objectNode(), 1000, 1)), UTF_8).replace("\"v\":1", "\"v\":2");
        transport.workQueue("default").publish(wrongVersion.getBytes(UTF_8), "v2").join();
        publish(2, "noop", "{}", 60_000);
        seal(3);
        Map<Long, CompletionEvent> results = new ConcurrentHashMap<>();

        JoinSummary summary = join(results);

        assertThat(summary.succeeded()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(results.get(0L).error()).contains("unknown task type 'no-such-type'");
        assertThat(results.get(1L).error()).contains("unsupported schema version 2");
        assertThat(deadLetters()).hasSize(3).allSatisfy(letter ->
                assertThat(letter.reason()).containsEntry(Headers.REASON, "poison"));
        assertThat(engine.state()).isEqualTo(WorkerEngine.State.RUNNING);
    }

    /**
     * A task names the event log its producer logged its batch in, and its outcome goes there
     * whatever count of partitions the worker has; a name of no event log is poison.
     */
    @Test
    void anOutcomeGoesToTheEventLogItsTaskNamesAndANameOfNoEventLogIsPoison() throws Exception {
        startWorker(1);
        List<String> inPartition = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var reader = transport.log(EventPartitions.named("events-p3")).read(0,
                body -> inPartition.add(new String(body, UTF_8)))) {
            TaskEnvelope named = TaskEnvelope.create(new TaskId(batch, 0), "noop", JsonNodeFactory.instance.objectNode(),
                    60_000, System.currentTimeMillis()).withHeaders(Map.of(TaskEnvelope.EVENTS, "events-p3"));
            transport.workQueue("default").publish(codec.encode(named), named.id()).join();
            TaskEnvelope wrong = TaskEnvelope.create(new TaskId(batch, 1), "noop", JsonNodeFactory.instance.objectNode(),
                    60_000, System.currentTimeMillis()).withHeaders(Map.of(TaskEnvelope.EVENTS, "control"));
            transport.workQueue("default").publish(codec.encode(wrong), wrong.id()).join();

            await().atMost(Duration.ofSeconds(20)).until(() -> inPartition.size() == 1 && deadLetters().size() == 1);
            assertThat(inPartition.get(0)).contains(batch).contains("\"group\"");
            assertThat(deadLetters()).singleElement().satisfies(letter -> assertThat(letter.reason())
                    .containsEntry(Headers.REASON, "poison")
                    .hasEntrySatisfying(Headers.ERROR, error -> assertThat(error)
                            .contains("header taskmill-events: not an event log: 'control'")));
        }
    }

    @Test
    void drainingFinishesRunningTasksAndHandsBackTheRest() throws Exception {
        startWorker(1);
        for (int i = 0; i < 5; i++) {
            publish(i, "sleep", "{\"ms\": 300}", 60_000);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.heartbeat().busy() == 1);

        assertThat(engine.drain(Duration.ofSeconds(5))).isTrue();

        assertThat(engine.state()).isEqualTo(WorkerEngine.State.STOPPED);
        assertThat(engine.completed()).isEqualTo(1);
        assertThat(transport.statistics().status(List.of("default")).get(0).messages()).isEqualTo(4);
    }

    /**
     * A worker whose window grew on short tasks holds every long task that follows; once it
     * has measured them it hands back what it cannot start soon, and a worker that came later
     * runs them. Every task is still counted once.
     */
    /** Twice the eight long tasks the test below publishes. */
    private static final int ROOM_FOR_THE_LONG_ONES = 16;

    @Test
    void aWorkerHandsBackHeldTasksItCannotStartSoonAndAnotherRunsThem() throws Exception {
        WorkerEngine first = new WorkerEngine(transport, HandlerRegistry.load(), codec,
                new WorkerConfig("default", 1, 0, "first"), Clock.systemUTC());
        first.start();
        WorkerEngine second = null;
        try {
            // Short tasks until the window has room for every long task that follows, twice over. Not its ceiling:
            // on a busy machine a no-op's round trip stays near half a millisecond, and 200 of them left it at 436.
            int warm = 0;
            while (first.window() < ROOM_FOR_THE_LONG_ONES && warm < 200) {
                publish(warm++, "noop", "{}", 60_000);
                int sent = warm;
                await().atMost(Duration.ofSeconds(20)).until(() -> first.completed() == sent);
            }
            assertThat(first.window()).isGreaterThanOrEqualTo(ROOM_FOR_THE_LONG_ONES);
            int total = warm + 8;
            for (int i = warm; i < total; i++) {
                publish(i, "sleep", "{\"ms\": 1000}", 60_000);
            }
            // Every long task in the first worker's hands, held or already run: on a loaded machine its first one
            // may end before the last is published, so "eight held at once" would race it.
            int warmed = warm;
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> first.heartbeat().inFlight() + first.completed() - warmed == 8);
            second = new WorkerEngine(transport, HandlerRegistry.load(), codec,
                    new WorkerConfig("default", 1, 0, "second"), Clock.systemUTC());
            second.start();
            seal(total);

            JoinSummary summary = join(new ConcurrentHashMap<>());

            assertThat(summary.succeeded()).isEqualTo(total);
            assertThat(summary.duplicates()).isZero();
            assertThat(first.handedBack()).isPositive();
            assertThat(first.window()).as("sized for tasks of 1 s").isLessThanOrEqualTo(2);
            WorkerEngine later = second;
            // A worker counts a task once its ack is sent, just after the join has seen its outcome.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(first.completed() + later.completed()).isEqualTo(total));
            assertThat(second.completed()).isPositive();
        } finally {
            first.drain(Duration.ofSeconds(5));
            if (second != null) {
                second.drain(Duration.ofSeconds(5));
            }
        }
    }

    /**
     * A fleet of mixed plugins: a worker without a task's type hands it back while a live
     * worker of the queue has the type, and dead-letters it once none has.
     */
    @Test
    void aTaskOfATypeThisWorkerLacksGoesToAWorkerThatHasItOrToTheDeadLettersWhenNoneHas() throws Exception {
        TaskHandler reverse = task -> JsonNodeFactory.instance.objectNode()
                .put("reversed", new StringBuilder(task.payload().path("text").asText()).reverse().toString());
        WorkerEngine plain = new WorkerEngine(transport, HandlerRegistry.load(), codec,
                new WorkerConfig("default", 2, 0, "plain"), Clock.systemUTC());
        WorkerEngine withPlugin = new WorkerEngine(transport, HandlerRegistry.load().with("reverse", reverse), codec,
                new WorkerConfig("default", 1, 0, "with-plugin"), Clock.systemUTC());
        plain.start();
        withPlugin.start();
        try {
            for (int i = 0; i < 6; i++) {
                publish(i, "reverse", "{\"text\": \"ab\"}", 60_000);
            }
            seal(6);
            JoinSummary summary = join(new ConcurrentHashMap<>());
            assertThat(summary.succeeded()).isEqualTo(6);
            assertThat(summary.perWorker()).containsOnlyKeys("with-plugin");
            assertThat(deadLetters()).isEmpty();

            // Its last heartbeat says it stopped: from then on nobody has the type.
            withPlugin.drain(Duration.ofSeconds(5));
            publish(6, "reverse", "{\"text\": \"ab\"}", 60_000);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters()).singleElement()
                    .satisfies(letter -> assertThat(letter.reason().get(Headers.ERROR))
                            .contains("unknown task type 'reverse'")));
        } finally {
            plain.drain(Duration.ofSeconds(5));
            withPlugin.drain(Duration.ofSeconds(5));
        }
    }

    /** What the worker's heartbeat tells the fleet: its busy threads, and how long each type ran here. */
    @Test
    void theHeartbeatSaysHowManyThreadsAreBusyAndHowLongEachTypeRuns() throws Exception {
        startWorker(2);
        assertThat(engine.heartbeat().busy()).isZero();
        assertThat(engine.heartbeat().meanMs()).isEmpty();
        for (int i = 0; i < 4; i++) {
            publish(i, "sleep", "{\"ms\": 50}", 60_000);
        }
        publish(4, "noop", "{}", 60_000);
        seal(5);
        assertThat(join(new ConcurrentHashMap<>()).succeeded()).isEqualTo(5);

        assertThat(engine.heartbeat().busy()).isZero();
        assertThat(engine.heartbeat().meanMs()).containsOnlyKeys("sleep", "noop");
        assertThat(engine.heartbeat().meanMs().get("sleep")).isGreaterThanOrEqualTo(50.0);
        assertThat(engine.heartbeat().meanMs().get("noop")).isLessThan(50.0);
    }

    @Test
    void cancellingABatchEndsItsJoinSkipsWhatHasNotStartedAndInterruptsWhatRuns() throws Exception {
        startWorker(1);
        for (int i = 0; i < 40; i++) {
            publish(i, "sleep", "{\"ms\": 200}", 60_000);
        }
        seal(40);
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.heartbeat().busy() > 0);
        cancel();

        JoinSummary summary = join(new ConcurrentHashMap<>());

        assertThat(summary.cancelled()).isGreaterThanOrEqualTo(35);
        assertThat(summary.done() + summary.cancelled()).isEqualTo(40);
        assertThat(summary.exitCode()).isEqualTo(3);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(transport.statistics().status(List.of("default")).get(0).messages()).isZero();
            assertThat(engine.skipped()).isGreaterThanOrEqualTo(35);
        });
        assertThat(deadLetters()).isEmpty();
        assertThat(join(new ConcurrentHashMap<>())).isEqualTo(summary);
    }

    /** A handler that never blocks and clears every interrupt still stops, by asking its context. */
    @Test
    void aHandlerThatPollsItsContextStopsWhenItsBatchIsCancelled() throws Exception {
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        startWorker(1, HandlerRegistry.load().with("spin", task -> {
            running.countDown();
            while (!task.cancelled()) {
                Thread.interrupted();
                Thread.onSpinWait();
            }
            return JsonNodeFactory.instance.textNode("stopped");
        }));
        publish(0, "spin", "{}", 600_000);
        seal(1);
        assertThat(running.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the task started").isTrue();

        cancel();

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.skipped() == 1);
        assertThat(engine.heartbeat().busy()).isZero();
        assertThat(join(new ConcurrentHashMap<>()).cancelled()).as("what it returned does not count").isEqualTo(1);
    }

    /** The join and the heartbeat hear what a running task says; the test holds the task until they have. */
    @Test
    void whatARunningTaskSaysOfItsProgressReachesItsJoinAndItsWorkersHeartbeat() throws Exception {
        java.util.concurrent.CountDownLatch heard = new java.util.concurrent.CountDownLatch(1);
        startWorker(1, HandlerRegistry.load().with("halfway", task -> {
            task.progress(1, 2, "half of it");
            heard.await();
            return null;
        }));
        publish(0, "halfway", "{}", 600_000);
        seal(1);
        List<io.taskmill.coordinator.Progress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<JoinSummary> joined = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return new Coordinator(transport, codec).join(batch, Duration.ofSeconds(30),
                                Duration.ofMillis(50), seen::add, event -> { });
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(p -> !p.running().isEmpty()));
        await().atMost(Duration.ofSeconds(20)).until(() -> !engine.heartbeat().progress().isEmpty());
        heard.countDown();

        assertThat(joined.get(30, java.util.concurrent.TimeUnit.SECONDS).succeeded()).isEqualTo(1);
        io.taskmill.task.TaskProgress said = seen.stream().filter(p -> !p.running().isEmpty()).findFirst()
                .orElseThrow().running().get(0);
        assertThat(said.id()).isEqualTo(batch + ":0");
        assertThat(said.describe()).isEqualTo("50% half of it");
        assertThat(said.worker()).isEqualTo("test-worker");
        assertThat(seen.get(seen.size() - 1).done()).isEqualTo(1);
        assertThat(engine.heartbeat().progress()).as("nothing runs now").isEmpty();
    }

    private void cancel() {
        byte[] cancel = codec.encode(io.taskmill.task.BatchCancelled.of(batch, System.currentTimeMillis()));
        transport.log(Logs.EVENTS).append(cancel).join();
        transport.log(Logs.CONTROL).append(cancel).join();
    }

    @Test
    void aSecondJoinOfTheSameBatchGivesTheSameCounts() throws Exception {
        startWorker(2);
        for (int i = 0; i < 20; i++) {
            publish(i, "noop", "{}", 60_000);
        }
        seal(20);
        JoinSummary first = join(new ConcurrentHashMap<>());
        JoinSummary second = join(new ConcurrentHashMap<>());
        assertThat(second).isEqualTo(first);
    }
}
