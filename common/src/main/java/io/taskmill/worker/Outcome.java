package io.taskmill.worker;

import io.taskmill.task.CompletionEvent;
import java.util.Optional;

/** What became of one delivery: a final state to report, or a message to dead-letter. */
sealed interface Outcome {

    /** The handler ran; report the event, then ack. */
    record Completed(CompletionEvent event) implements Outcome {
    }

    /**
     * The message can never run here (undecodable, unknown type): report a failure when the
     * task id is known, so its batch can end, then dead-letter the message.
     */
    record Poison(String reason, Optional<CompletionEvent> event) implements Outcome {
    }
}
