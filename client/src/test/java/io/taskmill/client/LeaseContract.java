package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.coordinator.Coordinator;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.coordinator.Lease;
import io.taskmill.coordinator.Tally;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskId;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Leases, on brokers whose deliveries a worker must not hold for long: a task that runs past
 * the lease time has its delivery acknowledged while it runs, the tasks of its chunk before
 * and after it are not held back with it, it runs once, and the copy left to take it over
 * goes without running it once the task is final.
 */
abstract class LeaseContract extends ClientContract {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    LeaseContract(RemoteBroker broker) {
        super(broker);
    }

    @Test
    void aLongTaskOfAChunkIsLeasedAndRunsOnceAndItsCopyGoesUnrunOnceItIsFinal() throws Exception {
        TaskmillWorker worker = started(worker().concurrency(2).leaseAfter(Duration.ofSeconds(1))
                .handler("step", task -> {
                    ran.add(task.id() + " token " + task.fencingToken());
                    Thread.sleep(task.payload().asLong());
                    return JSON.numberNode(task.fencingToken());
                }));
        String batch;
        TaskId longOne;
        try (Taskmill pool = Taskmill.connect(options())) {
            BatchPublisher publisher = pool.batch();
            TaskId first = publisher.submitChunk("step", List.of(JSON.numberNode(10), JSON.numberNode(4_000),
                    JSON.numberNode(10), JSON.numberNode(10)));
            publisher.seal();
            batch = publisher.id();
            longOne = new TaskId(batch, first.seq() + 1);
            JoinSummary summary = pool.join(batch, Duration.ofMinutes(1));
            assertThat(summary.succeeded()).as(summary.toString()).isEqualTo(4);
            assertThat(summary.duplicates()).isZero();
        }
        try (Transport transport = Transports.open(broker.address(), topology)) {
            Tally tally = new Coordinator(transport, new TaskCodec()).readThrough(batch);
            Lease lease = tally.lease(longOne).orElseThrow(() -> new AssertionError("the long task was not leased"));
            assertThat(lease.token()).as("its first holder").isZero();
            assertThat(tally.lease(new TaskId(batch, longOne.seq() - 1))).as("a quick task is not leased").isEmpty();
        }
        // The copy comes back after the lease (three seconds and a half) and finds the task final.
        await().atMost(Duration.ofSeconds(60)).until(() -> worker.skipped() == 1);
        assertThat(ran).as("each task ran once, the long one as its first holder").hasSize(4)
                .contains(longOne + " token 0");
    }
}
