package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.transport.QueueInfo;
import io.taskmill.transport.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delayed tasks as a user sees them, on any transport: held by the broker until due,
 * pending in a join until then, started no earlier than due and soon after, and never run
 * once their batch is cancelled.
 */
abstract class DelayContract extends ClientContract {

    private static final Duration DELAY = Duration.ofMillis(1_500);
    /** How late a delayed task may start: a broker's timer and a worker's pick-up, on a busy machine. */
    private static final Duration LATENESS = Duration.ofSeconds(1);

    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private TaskmillWorker worker;

    DelayContract(RemoteBroker broker) {
        super(broker);
    }

    @BeforeEach
    void start() {
        worker = started(worker().concurrency(2).handler("stamp", task -> {
            started.put(task.id().toString(), System.currentTimeMillis());
            return null;
        }));
    }

    @Test
    void delayedTasksArePendingUntilDueThenStartNoEarlierAndSoonAfter() throws Exception {
        Instant due = Instant.now().plus(DELAY);
        BatchPublisher batch = client.openBatch().notBefore(due);
        for (int i = 0; i < 5; i++) {
            batch.submit("stamp", JsonNodeFactory.instance.objectNode());
        }
        batch.seal();
        JoinSummary early = client.join(batch.id(), Duration.ofMillis(300), p -> { }, r -> { });
        if (Instant.now().isBefore(due)) {
            assertThat(early.timedOut()).isTrue();
            assertThat(early.missing()).as("pending in the join until due").isEqualTo(5);
        }

        JoinSummary done = client.join(batch.id(), Duration.ofSeconds(30), p -> { }, r -> { });
        assertThat(done.succeeded()).isEqualTo(5);
        assertThat(started).hasSize(5).allSatisfy((id, at) -> assertThat(at)
                .as("started no earlier than due, and at most %s late", LATENESS)
                .isBetween(due.toEpochMilli(), due.toEpochMilli() + LATENESS.toMillis()));
    }

    @Test
    void aCancelledDelayedTaskNeverRuns() throws Exception {
        Instant due = Instant.now().plus(DELAY);
        BatchPublisher batch = client.openBatch().notBefore(due);
        for (int i = 0; i < 3; i++) {
            batch.submit("stamp", JsonNodeFactory.instance.objectNode());
        }
        batch.seal();
        client.cancel(batch.id());
        assertThat(client.join(batch.id(), Duration.ofSeconds(10), p -> { }, r -> { }).cancelled()).isEqualTo(3);

        // Once due they reach the worker, which settles them unrun.
        await().atMost(Duration.ofSeconds(30)).until(() -> worker.skipped() == 3);
        assertThat(Instant.now()).isAfter(due);
        assertThat(started).as("tasks of a cancelled batch that ran").isEmpty();
        QueueStatus queue = client.status(List.of(Topology.DEFAULT_QUEUE), List.of()).get(0);
        assertThat(queue.ready()).isZero();
        assertThat(queue.retrying()).isIn(0L, QueueInfo.UNKNOWN);
    }

    @Test
    void aTaskSubmittedLaterThroughThePoolApiStartsAfterItsDelay() throws Exception {
        try (Taskmill taskmill = Taskmill.connect(options())) {
            long submitted = System.currentTimeMillis();
            taskmill.submitLater("stamp", Map.of(), DELAY).get();
            assertThat(started.values()).singleElement().satisfies(at ->
                    assertThat(at).isGreaterThanOrEqualTo(submitted + DELAY.toMillis()));
        }
    }
}
