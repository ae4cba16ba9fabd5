package io.taskmill.task;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The batch's callback is settled: fired as {@code callbackBatch}, or not run because the
 * batch failed under a stop policy or was cancelled ({@code reason} says which and why).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallbackFired(int v, String batch, Outcome outcome, String callbackBatch, String reason, String by,
                            long at) implements BatchEvent {

    public enum Outcome {
        @com.fasterxml.jackson.annotation.JsonProperty("fired") FIRED,
        @com.fasterxml.jackson.annotation.JsonProperty("stopped") STOPPED
    }

    public static CallbackFired fired(String batch, String callbackBatch, String by, long at) {
        return new CallbackFired(TaskEnvelope.VERSION, batch, Outcome.FIRED, callbackBatch, null, by, at);
    }

    public static CallbackFired stopped(String batch, String reason, String by, long at) {
        return new CallbackFired(TaskEnvelope.VERSION, batch, Outcome.STOPPED, null, reason, by, at);
    }
}
