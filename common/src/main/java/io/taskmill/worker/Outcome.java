package io.taskmill.worker;

import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskEnvelope;
import java.util.Map;
import java.util.List;

/** What became of one task of a delivery, and so what must be made durable before the delivery is acked. */
sealed interface Outcome {


    /** The task reached its final state: report it. */
    record Completed(CompletionEvent event) implements Outcome {
    }

    /** The task's batch was cancelled: nothing to report, the delivery is simply settled. */
    record Skipped(io.taskmill.task.TaskId id) implements Outcome {
    }

    /** The attempt failed and another is due: hand the task to the broker to bring back later. */
    record Retry(TaskEnvelope next, long delayMs, String error) implements Outcome {
    }

    /**
     * The task will never succeed here (poison, non-retryable, out of attempts): keep
     * {@code body} in the dead-letter queue with the reason, and report a failure for every
     * task id known, so their batches can end.
     */
    record DeadLetter(byte[] body, Map<String, String> reason, List<CompletionEvent> events) implements Outcome {
    }
}
