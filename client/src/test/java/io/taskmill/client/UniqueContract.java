package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.handler.NonRetryableTaskException;
import io.taskmill.unique.UniqueClaim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unique keys as a user sees them: submissions of one key, from clients of their own at
 * once or one after the other, run one task and share its outcome until the window passes.
 */
abstract class UniqueContract extends ClientContract {

    private static final int SUBMITTERS = 4;
    static final Duration WAIT = Duration.ofSeconds(60);

    protected final List<String> executed = Collections.synchronizedList(new ArrayList<>());
    private final List<Taskmill> pools = new ArrayList<>();

    UniqueContract(RemoteBroker broker) {
        super(broker);
    }

    @BeforeEach
    void start() {
        started(worker().concurrency(2)
                .handler("stamp", task -> {
                    executed.add(task.id().toString());
                    return com.fasterxml.jackson.databind.node.TextNode.valueOf(task.id().toString());
                })
                .handler("refuse", task -> {
                    executed.add(task.id().toString());
                    throw new NonRetryableTaskException("refused " + task.id());
                }));
    }

    @AfterEach
    void closePools() {
        pools.forEach(Taskmill::close);
    }

    Taskmill pool() {
        return pool(options());
    }

    /** A client of its own, closed after the test. */
    Taskmill pool(ClientOptions options) {
        Taskmill pool = Taskmill.connect(options);
        pools.add(pool);
        return pool;
    }

    @Test
    void aKeySubmittedByFourClientsAtOnceRunsOnceAndAllHearItsResult() throws Exception {
        List<Taskmill> submitters = new ArrayList<>();
        for (int i = 0; i < SUBMITTERS; i++) {
            submitters.add(pool());
        }
        CyclicBarrier together = new CyclicBarrier(SUBMITTERS);
        ExecutorService threads = Executors.newFixedThreadPool(SUBMITTERS);
        List<Future<CompletableFuture<JsonNode>>> submitted = new ArrayList<>();
        try {
            for (Taskmill submitter : submitters) {
                submitted.add(threads.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return submitter.submitUnique("stamp", Map.of(), "order-17", Duration.ofHours(1));
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<CompletableFuture<JsonNode>> future : submitted) {
                results.add(future.get(WAIT.toSeconds(), TimeUnit.SECONDS).get(WAIT.toSeconds(), TimeUnit.SECONDS)
                        .asText());
            }
            assertThat(results).as("every submission's outcome").hasSize(SUBMITTERS).containsOnly(results.get(0));
            assertThat(executed).as("tasks run").containsExactly(results.get(0));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aLaterSubmissionGetsTheFirstOnesFailureAndTheKeyRunsAgainOnceTheWindowPassed() throws Exception {
        Duration window = Duration.ofSeconds(2);
        ExecutionException first = catchFailure(pool().submitUnique("refuse", Map.of(), "report-3", window));
        assertThat(first.getCause()).isInstanceOf(TaskFailedException.class);
        String task = ((TaskFailedException) first.getCause()).taskId();

        ExecutionException again = catchFailure(pool().submitUnique("refuse", Map.of(), "report-3", window));
        assertThat(again.getCause()).isInstanceOf(TaskFailedException.class)
                .extracting(failure -> ((TaskFailedException) failure).taskId()).isEqualTo(task);
        assertThat(executed).containsExactly(task);

        UniqueClaim claim = client.openUnique("report-3", window).claim();
        assertThat(claim.first()).as("within the window, another client is told the first task holds the key")
                .isFalse();
        assertThat(claim.task()).isEqualTo(task);
        // The window is counted from the first claim: wait for the clock to pass it, not for a fixed time. In
        // the millis a claim is stamped with: a claim in the window's last millisecond is still held.
        long over = claim.since().plus(window).toEpochMilli();
        await().atMost(WAIT).until(() -> System.currentTimeMillis() > over);
        TaskmillClient.UniqueBatch later = client.openUnique("report-3", window);
        assertThat(later.claim().first()).as("once the window passed").isTrue();
        later.batch().submit("stamp", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        later.batch().seal();
        assertThat(client.join(later.batch().id(), WAIT, progress -> { }, result -> { }).succeeded()).isEqualTo(1);
        assertThat(executed).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void aBlankKeyOrAWindowBeyondTheLogIsRefusedBeforeAnythingIsOpened() {
        assertThatThrownBy(() -> pool().submitUnique("stamp", Map.of(), " ", Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> client.openUnique("k", Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1s to 7d");
    }

    private static ExecutionException catchFailure(CompletableFuture<JsonNode> future) throws Exception {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e;
        }
        throw new AssertionError("the task succeeded, where its handler refuses it");
    }
}
