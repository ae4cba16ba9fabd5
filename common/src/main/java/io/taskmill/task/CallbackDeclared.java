package io.taskmill.task;

/**
 * A batch's producer asks for {@code callback} once the batch is final: written to the
 * control log, which every worker follows, before the batch's seal, so that a worker that
 * sees the batch final has heard of its callback.
 *
 * @param at       when it was declared, by the producer's clock: the callback's batch id
 *                 derives from it, the same for every worker that fires it
 * @param workflow the first batch of the workflow this step belongs to, which names it to
 *                 {@code taskmill cancel} and {@code workflow show}: the batch itself for a
 *                 producer's declaration, its workflow's for a step's
 */
public record CallbackDeclared(int v, String batch, Callback callback, long at, String workflow)
        implements BatchEvent {

    public CallbackDeclared {
        workflow = workflow == null ? batch : workflow;
    }

    /** A producer's declaration: its batch starts the workflow. */
    public static CallbackDeclared of(String batch, Callback callback, long at) {
        return new CallbackDeclared(TaskEnvelope.VERSION, batch, callback, at, batch);
    }

    /** The declaration of the step after {@code batch}, a step of {@code workflow}. */
    public static CallbackDeclared within(String workflow, String batch, Callback callback, long at) {
        return new CallbackDeclared(TaskEnvelope.VERSION, batch, callback, at, workflow);
    }

    /** The batch the callback's task goes in: the same whoever fires it, and however often. */
    public String callbackBatch() {
        return BatchId.derived(java.time.Instant.ofEpochMilli(at), "then:" + batch);
    }
}
