package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.transport.Lane;
import io.taskmill.transport.Priority;
import io.taskmill.transport.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Order as a user sees it, on any transport with lanes: a high-priority task overtakes a
 * low-priority backlog, and a small batch of one key is not held up by another key's big one.
 */
abstract class LaneContract extends ClientContract {

    private static final String BIG = "tenant-a";
    private static final String SMALL = "tenant-b";

    private final List<String> started = Collections.synchronizedList(new ArrayList<>());

    LaneContract(RemoteBroker broker) {
        super(broker);
    }

    @Test
    void aHighPriorityTaskSubmittedBehindALowBacklogStartsNext() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // A window of 64: the backlog waits in the worker's hands, where its order is the worker's to keep
        // (by time, the window would be one delivery per lane and the backlog would wait in the broker).
        started(worker().concurrency(1).prefetch(64).handler("mark", task -> {
            started.add(task.payload().path("name").asText());
            if (started.size() == 1) {
                release.await(60, TimeUnit.SECONDS);
            }
            return null;
        }));
        BatchPublisher low = client.openBatch().priority(Priority.LOW);
        for (int i = 0; i < 50; i++) {
            low.submit("mark", name("low-" + i));
        }
        low.seal();
        // The first low task holds the only thread; the other 49 wait in the worker, none in the broker. Told by the
        // worker's heartbeat: JetStream counts a delivery a worker holds among a queue's messages.
        await().atMost(Duration.ofSeconds(30)).until(() -> started.size() == 1 && held() == 50);

        BatchPublisher high = client.openBatch().priority(Priority.HIGH);
        high.submit("mark", name("high"));
        high.seal();
        await().atMost(Duration.ofSeconds(30)).until(() -> held() == 51);
        release.countDown();

        assertThat(client.join(high.id(), Duration.ofSeconds(30), p -> { }, r -> { }).succeeded()).isEqualTo(1);
        assertThat(client.join(low.id(), Duration.ofSeconds(60), p -> { }, r -> { }).succeeded()).isEqualTo(50);
        assertThat(started).hasSize(51);
        assertThat(started.get(1)).as("the task started after the one running when 'high' arrived").isEqualTo("high");
    }

    @Test
    void aSmallBatchOfOneKeyEndsWithinSecondsBehindAnotherKeysBacklog() throws Exception {
        assertThat(Lane.slotOf(BIG)).as("the two keys' slots").isNotEqualTo(Lane.slotOf(SMALL));
        for (int i = 0; i < 2; i++) {
            started(worker().concurrency(2).handler("work", task -> {
                Thread.sleep(task.payload().path("ms").asLong());
                return null;
            }));
        }
        BatchPublisher big = client.openBatch().key(BIG);
        List<JsonNode> chunk = Collections.nCopies(100, JsonNodeFactory.instance.objectNode().put("ms", 5));
        for (int i = 0; i < 1_000; i++) {
            big.submitChunk("work", chunk);
        }
        big.seal();
        // The backlog is being worked on: 100,000 tasks of 5 ms on four threads take minutes.
        await().atMost(Duration.ofSeconds(60)).until(() -> client.join(big.id(), Duration.ofMillis(200), p -> { },
                r -> { }).succeeded() >= 100);

        long submitted = System.nanoTime();
        BatchPublisher small = client.openBatch().key(SMALL);
        for (int i = 0; i < 10; i++) {
            small.submit("work", JsonNodeFactory.instance.objectNode().put("ms", 5));
        }
        small.seal();
        JoinSummary done = client.join(small.id(), Duration.ofSeconds(30), p -> { }, r -> { });
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - submitted);

        assertThat(done.succeeded()).isEqualTo(10);
        assertThat(tookMs).as("ms from submit to the small batch's end").isLessThan(10_000);
        JoinSummary backlog = client.join(big.id(), Duration.ofMillis(200), p -> { }, r -> { });
        assertThat(backlog.timedOut()).as("the big batch still running when the small one ended").isTrue();
        client.cancel(big.id());
    }

    /** What the fleet holds, running or waiting in a worker's hands, by the workers' last heartbeats. */
    private long held() {
        return client.status(List.of(Topology.DEFAULT_QUEUE)).get(0).inFlight();
    }

    private static JsonNode name(String name) {
        return JsonNodeFactory.instance.objectNode().put("name", name);
    }
}
