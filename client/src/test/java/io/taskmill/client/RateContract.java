package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * A fleet-wide rate limit as a user sees it: 100 starts a second across the fleet, over
 * 30 s, with two workers and then with a third that joins.
 */
abstract class RateContract extends ClientContract {

    private static final int LIMIT = 100;
    private static final Duration WINDOW = Duration.ofSeconds(15);
    private static final double TOLERANCE = 0.10;

    private final Queue<Long> starts = new ConcurrentLinkedQueue<>();

    RateContract(RemoteBroker broker) {
        super(broker);
    }

    @Test
    void aRateLimitHoldsAcrossTheFleetAsItGrows() throws Exception {
        startWorker();
        startWorker();
        BatchPublisher batch = client.openBatch();
        List<JsonNode> ten = Collections.nCopies(10, JsonNodeFactory.instance.objectNode());
        for (int i = 0; i < 1_000; i++) {
            batch.submitChunk("stamp", ten);
        }
        batch.seal();
        await().atMost(Duration.ofSeconds(30)).until(() -> starts.size() >= LIMIT);

        assertThat(startsPerSecondOver(System.currentTimeMillis())).as("starts a second with two workers")
                .isBetween(LIMIT * (1 - TOLERANCE), LIMIT * (1 + TOLERANCE));

        TaskmillWorker third = startWorker();
        await().atMost(Duration.ofSeconds(30)).until(() -> third.completed() > 0);
        assertThat(startsPerSecondOver(System.currentTimeMillis())).as("starts a second with three workers")
                .isBetween(LIMIT * (1 - TOLERANCE), LIMIT * (1 + TOLERANCE));
        assertThat(third.completed()).as("the third worker's share").isGreaterThan(WINDOW.toSeconds() * LIMIT / 5);
        client.cancel(batch.id());
    }

    private TaskmillWorker startWorker() {
        return started(worker().concurrency(2).rate("stamp", LIMIT).handler("stamp", task -> {
            starts.add(System.currentTimeMillis());
            return null;
        }));
    }

    /** Starts in the window from {@code from}, once it has passed, a second. */
    private double startsPerSecondOver(long from) {
        long to = from + WINDOW.toMillis();
        await().atMost(WINDOW.multipliedBy(2)).until(() -> System.currentTimeMillis() > to);
        long inWindow = starts.stream().filter(at -> at >= from && at < to).count();
        double rate = inWindow / (double) WINDOW.toSeconds();
        System.out.printf("%s: %.1f starts/s over %d s with %d workers (limit %d/s)%n", getClass().getSimpleName(), rate,
                WINDOW.toSeconds(), workers.size(), LIMIT);
        return rate;
    }
}
