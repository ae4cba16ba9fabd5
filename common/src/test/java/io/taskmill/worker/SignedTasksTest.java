package io.taskmill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.coordinator.Coordinator;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.security.MessageSigning;
import io.taskmill.security.SigningKey;
import io.taskmill.security.SigningKeys;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.DeadLetter;
import io.taskmill.transport.Headers;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.memory.MemoryTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker that requires signed tasks, and a join that requires signed outcomes, on the in-JVM transport. */
class SignedTasksTest {

    private static final SigningKey OURS = key("k1", 1);
    private final TaskCodec trusted = codec(true, OURS);
    private final Transport transport = MemoryTransport.open(
            BrokerAddress.parse("mem://signed-" + UUID.randomUUID()), Topology.defaults());
    private final String batch = BatchId.create(Instant.now());
    private WorkerEngine engine;

    private static SigningKey key(String id, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return new SigningKey(id, secret);
    }

    private static TaskCodec codec(boolean required, SigningKey... keys) {
        return new TaskCodec(new MessageSigning(new SigningKeys(List.of(keys)), required));
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.drain(Duration.ofSeconds(5));
        }
    }

    private byte[] task(TaskCodec by, long seq, String type) throws Exception {
        return by.encode(TaskEnvelope.create(new TaskId(batch, seq), type, by.mapper().readTree("{\"n\": 3}"),
                60_000, System.currentTimeMillis()));
    }

    private void publish(long seq, byte[] message) {
        transport.workQueue("default").publish(message, batch + ":" + seq).join();
    }

    /** The payload's {@code "n": 3} made 2, after signing: still a valid task. */
    private static byte[] altered(byte[] signed) {
        signed[signed.length - 3] ^= 1;
        return signed;
    }

    private JoinSummary join(TaskCodec by, Map<Long, CompletionEvent> results) throws InterruptedException {
        return new Coordinator(transport, by).join(batch, Duration.ofSeconds(20), Duration.ofMillis(100),
                progress -> { }, event -> results.put(event.taskId().seq(), event));
    }

    private List<DeadLetter> deadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        transport.workQueue("default").deadLetters().visit(100, letter -> letters.add(letter) && false);
        return letters;
    }

    @Test
    void onlyTasksSignedWithAKeyOfTheWorkerRunAndForgedOutcomesAreNotCounted() throws Exception {
        // Fails its first attempt: the retry the worker publishes must carry the worker's own signature.
        HandlerRegistry handlers = HandlerRegistry.load().with("flaky", context -> {
            if (context.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return context.payload();
        });
        RetryPolicy fast = new RetryPolicy(3, RetryPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(200)));
        engine = new WorkerEngine(transport, handlers, trusted, new WorkerConfig("default", 2, 8, "signed-worker",
                fast, 4, 1_000, WorkerConfig.DEFAULT_CANCEL_LOOK_BACK), Clock.systemUTC());

        publish(0, task(trusted, 0, "count"));
        publish(1, task(trusted, 1, "flaky"));
        publish(2, task(codec(false, key("mallory", 7)), 2, "count"));
        publish(3, task(new TaskCodec(), 3, "count"));
        publish(4, altered(task(trusted, 4, "count")));
        // A forger also claims, unsigned, that the unsigned task succeeded.
        transport.log(Logs.EVENTS).append(new TaskCodec().encode(CompletionEvent.succeeded(new TaskId(batch, 3),
                null, 1, "mallory", 1, System.currentTimeMillis()))).join();
        transport.log(Logs.EVENTS).append(trusted.encode(BatchSealed.of(batch, 5, System.currentTimeMillis()))).join();
        engine.start();

        Map<Long, CompletionEvent> results = new ConcurrentHashMap<>();
        JoinSummary summary = join(trusted, results);

        assertThat(summary.succeeded()).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(3);
        assertThat(results.get(1L).attempt()).isEqualTo(2);
        assertThat(results.get(2L).error()).startsWith("UnknownSigningKey: signed with key 'mallory'");
        assertThat(results.get(3L).error()).startsWith("Unsigned: ");
        assertThat(results.get(4L).error()).startsWith("BadSignature: signature does not match under key 'k1'");
        assertThat(deadLetters()).hasSize(3).allSatisfy(letter -> assertThat(letter.reason())
                .containsEntry(Headers.REASON, "signature"));
    }

    @Test
    void aWorkerThatDoesNotRequireSignaturesRunsUnsignedTasksButNeverAlteredOnes() throws Exception {
        TaskCodec lenient = codec(false, OURS);
        engine = new WorkerEngine(transport, HandlerRegistry.load(), lenient,
                new WorkerConfig("default", 1, 8, "lenient-worker"), Clock.systemUTC());
        publish(0, task(new TaskCodec(), 0, "count"));
        publish(1, altered(task(lenient, 1, "count")));
        transport.log(Logs.EVENTS).append(lenient.encode(BatchSealed.of(batch, 2, System.currentTimeMillis()))).join();
        engine.start();

        JoinSummary summary = new Coordinator(transport, lenient).join(batch, Duration.ofSeconds(20),
                Duration.ofMillis(100), progress -> { }, event -> { });

        assertThat(summary.succeeded()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(deadLetters()).singleElement().satisfies(letter -> assertThat(letter.reason())
                .containsEntry(Headers.REASON, "signature").containsEntry(Headers.ERROR_CLASS, "BadSignature"));
    }

    /**
     * A captured signed task sent again after its lifetime is dead-lettered, not run; a task due later than it was
     * made is valid from its due time; a dead-letter replay makes it anew, to be signed by whoever replays it.
     */
    @Test
    void aSignedTaskOlderThanTheLifetimeOfSignedTasksIsRefusedAsExpired() throws Exception {
        engine = new WorkerEngine(transport, HandlerRegistry.load(), trusted, new WorkerConfig("default", 1, 8,
                "expiring-worker"), Clock.systemUTC());
        long eightDaysAgo = System.currentTimeMillis() - Duration.ofDays(8).toMillis();
        long twoDaysAgo = System.currentTimeMillis() - Duration.ofDays(2).toMillis();
        TaskEnvelope captured = TaskEnvelope.create(new TaskId(batch, 0), "count",
                trusted.mapper().readTree("{\"n\": 3}"), 60_000, eightDaysAgo);
        publish(0, trusted.encode(captured));
        publish(1, trusted.encode(TaskEnvelope.create(new TaskId(batch, 1), "count",
                trusted.mapper().readTree("{\"n\": 3}"), 60_000, eightDaysAgo)
                .withHeaders(Map.of(TaskEnvelope.NOT_BEFORE, Long.toString(twoDaysAgo)))));
        transport.log(Logs.EVENTS).append(trusted.encode(BatchSealed.of(batch, 2, System.currentTimeMillis()))).join();
        engine.start();

        Map<Long, CompletionEvent> results = new ConcurrentHashMap<>();
        JoinSummary summary = join(trusted, results);

        assertThat(summary.succeeded()).isEqualTo(1);
        assertThat(results.get(0L).error()).startsWith("Expired: a signed task made at ")
                .contains("is past the lifetime of signed tasks (168h)");
        assertThat(deadLetters()).singleElement().satisfies(letter -> assertThat(letter.reason())
                .containsEntry(Headers.REASON, "signature").containsEntry(Headers.ERROR_CLASS, "Expired"));

        TaskEnvelope replayed = captured.replayedAt(System.currentTimeMillis());
        assertThat(replayed.createdAt()).isGreaterThan(eightDaysAgo);
        assertThat(replayed.attempt()).isEqualTo(1);
    }
}
