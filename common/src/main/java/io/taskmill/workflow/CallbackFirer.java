package io.taskmill.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.coordinator.TaskFailure;
import io.taskmill.task.BatchOpened;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.Callback;
import io.taskmill.task.CallbackDeclared;
import io.taskmill.task.CallbackFired;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Fires a batch's callback: publishes its step as a batch of its own, whose id derives from
 * the declaration, so that firing it again (a proposer that died after publishing) gives
 * the same task ids, which every join counts once. A step that has a next one declares it
 * before its seal, as a producer does.
 */
final class CallbackFirer {

    /** How long one attempt of a step's task may run, as a submitted task's default. */
    static final Duration TIME_LIMIT = Duration.ofMinutes(10);
    /** Tasks of a fan-out to a message. */
    static final int CHUNK = 100;
    private static final Duration CONFIRM = Duration.ofSeconds(30);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Transport transport;
    private final TaskCodec codec;
    private final Clock clock;
    private final String by;

    CallbackFirer(Transport transport, TaskCodec codec, Clock clock, String by) {
        this.transport = transport;
        this.codec = codec;
        this.clock = clock;
        this.by = by;
    }

    /**
     * Publishes the step, or says why it does not run.
     *
     * @param workflowCancelled whether the step's workflow was cancelled: then it does not run
     * @param declaredNext how the step's own callback was declared already, by a firing before
     *                     this one: the first declaration stands
     * @param published    the steps whose tasks this firer published already, confirmed: a firing
     *                     tried again after a failure (a broker restart) does not publish them twice,
     *                     which on a broker that keeps both copies would run the step twice
     * @return the entry that settles the callback, for the control log
     */
    CallbackFired fire(CallbackDeclared declared, BatchOutcome outcome, boolean workflowCancelled,
                       Function<String, Optional<CallbackDeclared>> declaredNext, Set<String> published) {
        Callback step = declared.callback();
        JoinSummary summary = outcome.summary();
        // A workflow's first batch cancelled is the workflow cancelled, whichever log said it first here.
        if (workflowCancelled || summary.cancelled() > 0 && declared.batch().equals(declared.workflow())) {
            return CallbackFired.stopped(declared.batch(), "workflow " + declared.workflow() + " was cancelled", by,
                    clock.millis());
        }
        if (summary.cancelled() > 0) {
            return CallbackFired.stopped(declared.batch(), "batch " + declared.batch() + " was cancelled", by,
                    clock.millis());
        }
        if (summary.failed() > 0 && step.onFailure() == Callback.OnFailure.STOP) {
            return CallbackFired.stopped(declared.batch(), failures(summary), by, clock.millis());
        }
        List<JsonNode> payloads;
        try {
            payloads = payloads(step, outcome);
        } catch (IllegalArgumentException e) {
            return CallbackFired.stopped(declared.batch(), e.getMessage(), by, clock.millis());
        }
        String batch = declared.callbackBatch();
        if (!published.contains(batch)) {
            publish(declared, batch, payloads, declaredNext);
            published.add(batch);
        }
        await(transport.events(batch).append(codec.encode(BatchSealed.of(batch, payloads.size(), clock.millis()))),
                "seal " + batch);
        return CallbackFired.fired(declared.batch(), batch, by, clock.millis());
    }

    /** Opens the step's batch, declares the step after it, and publishes its tasks, each confirmed. */
    private void publish(CallbackDeclared declared, String batch, List<JsonNode> payloads,
                         Function<String, Optional<CallbackDeclared>> declaredNext) {
        Callback step = declared.callback();
        await(transport.events(batch).append(codec.encode(BatchOpened.of(batch, clock.millis()))), "open " + batch);
        if (step.then() != null) {
            CallbackDeclared next = declaredNext.apply(batch)
                    .orElseGet(() -> CallbackDeclared.within(declared.workflow(), batch, step.then(), clock.millis()));
            await(transport.log(Logs.CONTROL).append(codec.encode(next)), "declare the step after " + batch);
        }
        List<CompletableFuture<Void>> published = new ArrayList<>();
        for (int first = 0; first < payloads.size(); first += CHUNK) {
            List<JsonNode> chunk = payloads.subList(first, Math.min(payloads.size(), first + CHUNK));
            TaskId id = new TaskId(batch, first);
            TaskEnvelope envelope = (chunk.size() == 1
                    ? TaskEnvelope.create(id, step.type(), chunk.get(0), TIME_LIMIT.toMillis(), clock.millis())
                    : TaskEnvelope.chunk(id, step.type(), chunk, TIME_LIMIT.toMillis(), clock.millis()))
                    .reportingTo(transport.eventPartitions().of(batch));
            published.add(transport.workQueue(step.queue()).publish(codec.encode(envelope), envelope.messageId()));
        }
        await(CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)), "publish the tasks of " + batch);
    }

    /** The step's tasks' payloads, as its input says. */
    private List<JsonNode> payloads(Callback step, BatchOutcome outcome) {
        return switch (step.input()) {
            case SUMMARY -> List.of(summaryPayload(step, outcome));
            case RESULT -> {
                JsonNode result = result(outcome);
                if (result.isNull()) {
                    throw new IllegalArgumentException("batch " + outcome.summary().batch() + " returned no result, "
                            + "and step " + step.type() + " takes it as its input");
                }
                yield List.of(result);
            }
            case EACH -> {
                JsonNode list = result(outcome);
                if (!list.isArray()) {
                    throw new IllegalArgumentException("a fan-out over batch " + outcome.summary().batch()
                            + " needs a list as its result, and it was " + list.getNodeType().name().toLowerCase());
                }
                List<JsonNode> each = new ArrayList<>();
                list.forEach(each::add);
                if (each.isEmpty()) {
                    throw new IllegalArgumentException("a fan-out over batch " + outcome.summary().batch()
                            + " got an empty list: no tasks to run");
                }
                yield each;
            }
        };
    }

    /** The one task's result, or the results of several as a list in task order. */
    private static JsonNode result(BatchOutcome outcome) {
        if (outcome.results().size() == 1) {
            return outcome.results().get(0);
        }
        ArrayNode all = NODES.arrayNode();
        outcome.results().forEach(all::add);
        return all;
    }

    /** {@code {"payload": …, "batch": {…}}}: the results only when the whole fits a message. */
    private JsonNode summaryPayload(Callback step, BatchOutcome outcome) {
        JoinSummary summary = outcome.summary();
        ObjectNode payload = NODES.objectNode();
        payload.set("payload", step.payloadOrNull());
        ObjectNode batch = payload.putObject("batch");
        batch.put("batch", summary.batch()).put("total", summary.total()).put("succeeded", summary.succeeded())
                .put("failed", summary.failed());
        ArrayNode failures = batch.putArray("failures");
        for (TaskFailure failure : summary.failures()) {
            failures.addObject().put("id", failure.id()).put("error", failure.error()).put("attempts",
                    failure.attempts());
        }
        ArrayNode results = batch.putArray("results");
        outcome.results().forEach(results::add);
        if (codec.mapper().valueToTree(payload).toString().length() > codec.maxBytes() / 2) {
            batch.remove("results");
            batch.put("resultsOmitted", "the results do not fit a message: join " + summary.batch()
                    + " --results FILE for them");
        }
        return payload;
    }

    private static String failures(JoinSummary summary) {
        String first = summary.failures().isEmpty() ? "" : ": first " + summary.failures().get(0).id() + ": "
                + summary.failures().get(0).error();
        return summary.failed() + " of " + summary.total() + " tasks of batch " + summary.batch() + " failed" + first;
    }

    private static void await(CompletableFuture<?> confirm, String what) {
        try {
            confirm.get(CONFIRM.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while trying to " + what);
        } catch (ExecutionException e) {
            throw new TransportException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TransportException("the broker did not confirm within " + CONFIRM.toSeconds() + " s: cannot "
                    + what, e);
        }
    }
}
