package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.handler.TaskContext;
import io.taskmill.task.BatchId;
import io.taskmill.task.TaskId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Pool-style API, the same on every transport. */
abstract class PoolApiContract {

    /** A client whose tasks are run by workers with at least two threads. */
    abstract Taskmill taskmill();

    private static long checksum(long n) throws Exception {
        TaskContext task = new TaskContext(new TaskId(BatchId.create(Instant.now()), 0),
                JsonNodeFactory.instance.objectNode().put("n", n), 1, "here");
        return HandlerRegistry.load().find("count").orElseThrow().handle(task).get("checksum").asLong();
    }

    @Test
    void submitReturnsTheRemoteResult() throws Exception {
        JsonNode result = taskmill().submit("count", Map.of("n", 1_000)).get(30, TimeUnit.SECONDS);
        assertThat(result.get("checksum").asLong()).isEqualTo(checksum(1_000));
    }

    /** {@code sleep} tells its progress every 250 ms; the worker sends it at least once in any second. */
    @Test
    void aFuturesProgressListenerHearsWhatTheRunningTaskSays() throws Exception {
        List<io.taskmill.task.TaskProgress> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<JsonNode> task = taskmill().submit("sleep", Map.of("ms", 3_000));
        taskmill().onProgress(task.thenApply(result -> result), heard::add);

        task.get(60, TimeUnit.SECONDS);

        assertThat(heard).as("heard while it ran").isNotEmpty().allSatisfy(said -> {
            assertThat(said.total()).isEqualTo(3_000);
            assertThat(said.done()).isBetween(1L, 3_000L);
            assertThat(said.describe()).matches("\\d+%");
        });
        assertThatThrownBy(() -> taskmill().onProgress(new java.util.concurrent.CompletableFuture<>(), heard::add))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** {@code count} returns {@code {"n", "checksum"}}: a step after it counts the same n again. */
    @Test
    void aChainsFutureHasItsLastStepsResultOrItsFirstFailure() throws Exception {
        io.taskmill.task.Callback again = io.taskmill.task.Callback.result("count", "default");
        JsonNode last = taskmill().chain("count", Map.of("n", 2_000), again.then(again))
                .get(60, TimeUnit.SECONDS);
        assertThat(last.get("n").asLong()).isEqualTo(2_000);
        assertThat(last.get("checksum").asLong()).isEqualTo(checksum(2_000));

        assertThatThrownBy(() -> taskmill().chain("count", Map.of("n", -1), again).get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TaskFailedException.class);
    }

    record Counted(long n, long checksum) {
    }

    @Test
    void submitCanReadTheResultAsAType() throws Exception {
        Counted counted = taskmill().submit("count", Map.of("n", 7), Counted.class).get(30, TimeUnit.SECONDS);
        assertThat(counted).isEqualTo(new Counted(7, checksum(7)));
    }

    @Test
    void mapGivesResultsInInputOrderEqualToSequentialOnes() throws Exception {
        List<Map<String, Integer>> inputs = IntStream.range(0, 300).mapToObj(i -> Map.of("n", 1_000 + i)).toList();
        List<JsonNode> results = taskmill().map("count", inputs);
        assertThat(results).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(results.get(i).get("checksum").asLong()).as("input %d", i).isEqualTo(checksum(1_000 + i));
        }
    }

    /** Packing by time: once the fleet says how long a type runs, a message holds about the target of it. */
    @Test
    void onceTheFleetHasRunATypeAMessageHoldsAboutTheTargetOfItsWork() {
        assertThat(taskmill().client().perMessage("sleep", 10_000)).as("not run yet: by count")
                .isGreaterThan(10);
        taskmill().map("sleep", java.util.Collections.nCopies(8, Map.of("ms", 10)));
        // Heard from the workers' heartbeats, which come every few seconds from a worker elsewhere.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(taskmill().client().perMessage("sleep", 10_000))
                        .isBetween((int) ChunkSizing.TARGET_MS / 25, (int) ChunkSizing.TARGET_MS / 10));
    }

    @Test
    void imapUnorderedYieldsEveryResultInCompletionOrder() {
        // One long task first, short ones after: with two or more worker threads the short ones finish first.
        List<Map<String, Integer>> inputs = List.of(Map.of("n", 200_000_000), Map.of("n", 1), Map.of("n", 2));
        List<Long> order = new ArrayList<>();
        taskmill().imapUnordered("count", inputs).forEachRemaining(result -> order.add(result.get("n").asLong()));
        assertThat(order).containsExactlyInAnyOrder(200_000_000L, 1L, 2L);
        assertThat(order.get(2)).as("the long task finishes last").isEqualTo(200_000_000L);

        List<Long> finished = new ArrayList<>();
        taskmill().asCompleted("count", IntStream.range(0, 50).mapToObj(i -> Map.of("n", i)).toList())
                .forEach(result -> finished.add(result.get("n").asLong()));
        assertThat(finished).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).mapToObj(i -> (long) i).toList());
    }

    @Test
    void aSlowReaderHoldsSubmissionBackInsteadOfBufferingWithoutBound() throws Exception {
        int window = 5;
        Iterator<JsonNode> stream = taskmill().stream("sleep",
                IntStream.range(0, 100).mapToObj(i -> Map.of("ms", 5)).toList(), 1, false, window);
        long before = taskmill().submittedSoFar();
        stream.next();
        Thread.sleep(1_000);
        assertThat(taskmill().submittedSoFar() - before).as("tasks submitted while the reader dawdled")
                .isLessThanOrEqualTo(window + 1);
        int rest = 0;
        while (stream.hasNext()) {
            stream.next();
            rest++;
        }
        assertThat(rest).isEqualTo(99);
    }

    @Test
    void imapKeepsInputOrderEvenWhenLaterTasksFinishFirst() {
        List<Map<String, Integer>> inputs = List.of(Map.of("n", 30_000_000), Map.of("n", 1), Map.of("n", 2));
        List<Long> ns = new ArrayList<>();
        taskmill().imap("count", inputs).forEachRemaining(result -> ns.add(result.get("n").asLong()));
        assertThat(ns).containsExactly(30_000_000L, 1L, 2L);
    }

    @Test
    void cancellingABatchEndsItsJoinWithTheCancelledCountAndLeavesNothingRunning() throws Exception {
        BatchPublisher batch = taskmill().batch();
        for (int i = 0; i < 100; i++) {
            batch.submit("sleep", JsonNodeFactory.instance.objectNode().put("ms", 100));
        }
        batch.seal();
        Thread.sleep(300);
        taskmill().cancel(batch.id());

        io.taskmill.coordinator.JoinSummary summary = taskmill().join(batch.id(), java.time.Duration.ofSeconds(30));

        assertThat(summary.cancelled()).isGreaterThan(50);
        assertThat(summary.done() + summary.cancelled()).isEqualTo(100);
        assertThat(summary.exitCode()).isEqualTo(3);
        // Workers skip the rest: a task submitted after them still runs promptly.
        assertThat(taskmill().submit("count", Map.of("n", 5)).get(30, TimeUnit.SECONDS).get("n").asLong()).isEqualTo(5);
        assertThat(taskmill().join(batch.id(), java.time.Duration.ofSeconds(30))).isEqualTo(summary);
    }

    @Test
    void aRemoteFailureCarriesTheRemoteErrorAttemptsAndWorker() {
        assertThatThrownBy(() -> taskmill().submit("sha512", Map.of("path", "/no/such/file")).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(TaskFailedException.class, failure -> {
                    assertThat(failure.remoteType()).isEqualTo("NonRetryableTaskException");
                    assertThat(failure.remoteMessage()).isEqualTo("no such file: /no/such/file");
                    assertThat(failure.attempts()).isEqualTo(1);
                    assertThat(failure.worker()).isNotBlank();
                });
        assertThatThrownBy(() -> taskmill().map("count", List.of(Map.of("n", 1), Map.of("n", -1))))
                .isInstanceOf(TaskFailedException.class).hasMessageContaining("non-negative integer field 'n'");
    }
}
