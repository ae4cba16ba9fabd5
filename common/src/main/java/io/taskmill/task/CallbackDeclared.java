package io.taskmill.task;

/**
 * A batch's producer asks for {@code callback} once the batch is final: written to the
 * control log, which every worker follows, before the batch's seal, so that a worker that
 * sees the batch final has heard of its callback.
 *
 * @param at when it was declared, by the producer's clock: the callback's batch id derives
 *           from it, the same for every worker that fires it
 */
public record CallbackDeclared(int v, String batch, Callback callback, long at) implements BatchEvent {

    public static CallbackDeclared of(String batch, Callback callback, long at) {
        return new CallbackDeclared(TaskEnvelope.VERSION, batch, callback, at);
    }

    /** The batch the callback's task goes in: the same whoever fires it, and however often. */
    public String callbackBatch() {
        return BatchId.derived(java.time.Instant.ofEpochMilli(at), "then:" + batch);
    }
}
