package io.taskmill.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * What runs once a batch is final: a task of {@code type} on {@code queue}, given what the
 * batch came to as {@code input} says, and then, when it has a {@code then}, the next step
 * after it (a chain is callbacks nested). Declared by the batch's producer as it seals the
 * batch ({@link CallbackDeclared}); fired by whichever worker sees the batch final first in
 * log order.
 *
 * @param type      the task type of the step
 * @param payload   the step's own payload, handed to it beside the batch's outcome (null: none)
 * @param queue     the work queue the step goes to
 * @param input     what of the batch the step takes
 * @param onFailure whether the step runs when a task of the batch failed
 * @param then      the step after this one, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Callback(String type, JsonNode payload, String queue, Input input, OnFailure onFailure, Callback then) {

    /** What of the finished batch the step takes. */
    public enum Input {
        /**
         * {@code {"payload": …, "batch": {counts, failures, results}}}: a batch callback (a
         * chord's body), told every outcome.
         */
        @JsonProperty("summary") SUMMARY,
        /** The result of the batch's one task as the payload (of several: their results, a list in task order): a chain's next step. */
        @JsonProperty("result") RESULT,
        /** One task per element of that result, which must be a list: a fan-out, joined like any batch. */
        @JsonProperty("each") EACH
    }

    /** Whether a failed task of the batch stops the workflow here. */
    public enum OnFailure {
        /** The step does not run; it is logged as stopped, with the failures, and nothing after it runs. */
        @JsonProperty("stop") STOP,
        /** The step runs, the failures in what it is given. */
        @JsonProperty("continue") CONTINUE
    }

    public Callback {
        Objects.requireNonNull(type, "a callback needs a task type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("a callback needs a task type");
        }
        Objects.requireNonNull(queue, "a callback needs a queue");
        input = input == null ? Input.SUMMARY : input;
        onFailure = onFailure == null ? OnFailure.STOP : onFailure;
        payload = payload == null || payload.isNull() ? null : payload;
    }

    /** A callback given the batch's summary, stopped by a failure. */
    public static Callback summary(String type, JsonNode payload, String queue) {
        return new Callback(type, payload, queue, Input.SUMMARY, OnFailure.STOP, null);
    }

    /** A chain's next step: the batch's result as its payload. */
    public static Callback result(String type, String queue) {
        return new Callback(type, null, queue, Input.RESULT, OnFailure.STOP, null);
    }

    public Callback withOnFailure(OnFailure policy) {
        return new Callback(type, payload, queue, input, policy, then);
    }

    public Callback withInput(Input taken) {
        return new Callback(type, payload, queue, taken, onFailure, then);
    }

    /** This step, then {@code next} once this step's batch is final. */
    public Callback then(Callback next) {
        return new Callback(type, payload, queue, input, onFailure, then == null ? next : then.then(next));
    }

    /** The payload as a task's JSON: null stands for none. */
    public JsonNode payloadOrNull() {
        return payload == null ? NullNode.getInstance() : payload;
    }

    /** How many steps this one and those after it make. */
    public int steps() {
        return then == null ? 1 : 1 + then.steps();
    }
}
