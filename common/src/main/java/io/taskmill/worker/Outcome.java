package io.taskmill.worker;

import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskEnvelope;
import java.util.Map;
import java.util.Optional;

/** What became of one delivery, and so what must be made durable before it is acked. */
sealed interface Outcome {

    /** The task reached its final state: report it. */
    record Completed(CompletionEvent event) implements Outcome {
    }

    /** The attempt failed and another is due: hand the task to the broker to bring back later. */
    record Retry(TaskEnvelope next, long delayMs, String error) implements Outcome {
    }

    /**
     * The task will never succeed here (poison, non-retryable, out of attempts): keep the
     * message in the dead-letter queue with the reason, and report a failure when the task
     * id is known, so its batch can end.
     */
    record DeadLetter(Map<String, String> reason, Optional<CompletionEvent> event) implements Outcome {
    }
}
