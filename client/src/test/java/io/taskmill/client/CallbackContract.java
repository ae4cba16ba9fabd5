package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.handler.NonRetryableTaskException;
import io.taskmill.task.Callback;
import io.taskmill.task.CallbackFired;
import io.taskmill.transport.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batch callbacks as a user sees them, with two workers that both see each batch final: the
 * callback runs once, given the batch's outcome; chains pass each result on; a failure stops a
 * chain; a fan-out's size comes from the step before it and a callback fans it in.
 */
abstract class CallbackContract extends ClientContract {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String QUEUE = Topology.DEFAULT_QUEUE;

    private final List<JsonNode> collected = Collections.synchronizedList(new ArrayList<>());
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    CallbackContract(RemoteBroker broker) {
        super(broker);
    }

    @BeforeEach
    void startTwoWorkers() {
        for (int i = 0; i < 2; i++) {
            started(worker().concurrency(2)
                    .handler("double", task -> {
                        ran.add("double " + task.payload());
                        return JSON.numberNode(task.payload().asLong() * 2);
                    })
                    .handler("upto", task -> {
                        ran.add("upto " + task.payload());
                        var list = JSON.arrayNode();
                        IntStream.rangeClosed(1, task.payload().asInt()).forEach(list::add);
                        return list;
                    })
                    .handler("refuse", task -> {
                        ran.add("refuse " + task.payload());
                        throw new NonRetryableTaskException("refused " + task.payload());
                    })
                    .handler("hold", task -> {
                        ran.add("hold " + task.payload());
                        Thread.sleep(Duration.ofMinutes(2).toMillis());
                        return task.payload();
                    })
                    .handler("collect", task -> {
                        ran.add("collect");
                        collected.add(task.payload());
                        return null;
                    }));
        }
    }

    @Test
    void aBatchCallbackRunsOnceGivenTheBatchsOutcome() throws Exception {
        BatchPublisher batch = client.openBatch();
        for (int n = 1; n <= 20; n++) {
            batch.submit("double", JSON.numberNode(n));
        }
        ObjectNode own = JSON.objectNode().put("report", "weekly");
        batch.then("collect", own).seal();

        List<WorkflowJoin.Step> steps = joinWorkflow(batch.id());

        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).settled().outcome()).isEqualTo(CallbackFired.Outcome.FIRED);
        assertThat(steps.get(1).summary().succeeded()).isEqualTo(1);
        assertThat(collected).as("the callback ran once").singleElement().satisfies(payload -> {
            assertThat(payload.get("payload")).isEqualTo(own);
            assertThat(payload.at("/batch/batch").asText()).isEqualTo(batch.id());
            assertThat(payload.at("/batch/total").asLong()).isEqualTo(20);
            assertThat(payload.at("/batch/succeeded").asLong()).isEqualTo(20);
            assertThat(payload.at("/batch/failed").asLong()).isZero();
            List<Long> results = new ArrayList<>();
            payload.at("/batch/results").forEach(result -> results.add(result.asLong()));
            assertThat(results).as("results in task order").isEqualTo(
                    IntStream.rangeClosed(1, 20).mapToObj(n -> 2L * n).toList());
        });
    }

    @Test
    void aChainPassesEachResultToTheNextStep() throws Exception {
        BatchPublisher batch = client.openBatch();
        batch.submit("double", JSON.numberNode(3));
        batch.then(Callback.result("double", QUEUE).then(Callback.result("double", QUEUE))).seal();

        List<WorkflowJoin.Step> steps = joinWorkflow(batch.id());

        assertThat(steps).hasSize(3);
        assertThat(steps.get(2).settled()).as("the last step has no callback").isNull();
        assertThat(ran).containsExactlyInAnyOrder("double 3", "double 6", "double 12");
    }

    @Test
    void aFailureStopsTheChainAndContinueHandsItToTheCallback() throws Exception {
        BatchPublisher stopped = client.openBatch();
        stopped.submit("refuse", JSON.numberNode(1));
        stopped.then(Callback.result("double", QUEUE)).seal();
        List<WorkflowJoin.Step> steps = joinWorkflow(stopped.id());
        assertThat(steps).singleElement().satisfies(step -> {
            assertThat(step.settled().outcome()).isEqualTo(CallbackFired.Outcome.STOPPED);
            assertThat(step.settled().reason()).contains("1 of 1 tasks of batch " + stopped.id() + " failed")
                    .contains("refused 1");
        });

        BatchPublisher continued = client.openBatch();
        continued.submit("refuse", JSON.numberNode(2));
        continued.submit("double", JSON.numberNode(5));
        continued.then(Callback.summary("collect", null, QUEUE).withOnFailure(Callback.OnFailure.CONTINUE)).seal();
        assertThat(joinWorkflow(continued.id())).hasSize(2);
        assertThat(collected).singleElement().satisfies(payload -> {
            assertThat(payload.at("/batch/failed").asLong()).isEqualTo(1);
            assertThat(payload.at("/batch/failures/0/error").asText()).contains("refused 2");
            assertThat(payload.at("/batch/results/0").asLong()).isEqualTo(10);
        });
        assertThat(ran).doesNotContain("double 2");
    }

    @Test
    void aFanOutsSizeComesFromTheStepBeforeAndACallbackFansItIn() throws Exception {
        BatchPublisher batch = client.openBatch();
        batch.submit("upto", JSON.numberNode(7));
        batch.then(new Callback("double", null, QUEUE, Callback.Input.EACH, Callback.OnFailure.STOP, null)
                .then(Callback.summary("collect", null, QUEUE))).seal();

        List<WorkflowJoin.Step> steps = joinWorkflow(batch.id());

        assertThat(steps).hasSize(3);
        assertThat(steps.get(1).summary().total()).as("the fan-out's size").isEqualTo(7);
        assertThat(collected).singleElement().satisfies(payload -> {
            List<Long> results = new ArrayList<>();
            payload.at("/batch/results").forEach(result -> results.add(result.asLong()));
            assertThat(results).isEqualTo(List.of(2L, 4L, 6L, 8L, 10L, 12L, 14L));
        });
    }

    @Test
    void cancellingAWorkflowCancelsTheStepThatRunsAndTheRestNeverRun() throws Exception {
        BatchPublisher batch = client.openBatch();
        batch.submit("double", JSON.numberNode(1));
        batch.then(Callback.result("hold", QUEUE).then(Callback.summary("collect", null, QUEUE))).seal();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> ran.contains("hold 2"));

        List<String> cancelled = client.cancel(batch.id());

        assertThat(cancelled).as("the workflow's batch, then the step that runs").hasSize(2)
                .startsWith(batch.id());
        List<WorkflowJoin.Step> steps = joinWorkflow(batch.id());
        assertThat(steps).hasSize(2);
        assertThat(steps.get(1).summary().cancelled()).isEqualTo(1);
        assertThat(steps.get(1).settled().outcome()).isEqualTo(CallbackFired.Outcome.STOPPED);
        assertThat(client.workflow(batch.id())).extracting(WorkflowStep::word)
                .containsExactly("succeeded", "cancelled", "stopped");
        assertThat(collected).isEmpty();
    }

    private List<WorkflowJoin.Step> joinWorkflow(String batch) throws InterruptedException {
        return client.joinWorkflow(batch, WAIT, WAIT, progress -> { }, result -> { });
    }
}
