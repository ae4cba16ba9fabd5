package io.taskmill.task;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the event log holds about batches. The subtypes are a closed, named set: the
 * {@code kind} property selects one of them and nothing else, so a message cannot make
 * Jackson instantiate an arbitrary class.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CompletionEvent.class, name = "completion"),
        @JsonSubTypes.Type(value = BatchOpened.class, name = "opened"),
        @JsonSubTypes.Type(value = BatchSealed.class, name = "sealed"),
        @JsonSubTypes.Type(value = TaskReplayed.class, name = "replayed"),
        @JsonSubTypes.Type(value = JoinFence.class, name = "fence"),
        @JsonSubTypes.Type(value = CompletionBatch.class, name = "completions"),
        @JsonSubTypes.Type(value = BatchCancelled.class, name = "cancelled"),
        @JsonSubTypes.Type(value = ProducerBeat.class, name = "beat"),
        @JsonSubTypes.Type(value = TaskProgress.class, name = "progress"),
        @JsonSubTypes.Type(value = CallbackDeclared.class, name = "callback"),
        @JsonSubTypes.Type(value = CallbackProposed.class, name = "proposed"),
        @JsonSubTypes.Type(value = CallbackFired.class, name = "fired"),
        @JsonSubTypes.Type(value = TaskLeased.class, name = "leased")
})
public sealed interface BatchEvent
        permits CompletionEvent, BatchOpened, BatchSealed, TaskReplayed, JoinFence, CompletionBatch, BatchCancelled,
        ProducerBeat, TaskProgress, CallbackDeclared, CallbackProposed, CallbackFired, TaskLeased {

    String batch();
}
