package io.taskmill.worker;

import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import java.util.List;
import java.util.Map;

/** What became of one task of a delivery, and so what must be made durable before the delivery is acked. */
sealed interface Outcome {

    /** What listeners are told: completed, retry, deferred, requeued, skipped, superseded or dead-letter. */
    String kind();

    /** The task, or the first of a dead letter's; null for a message whose ids could not be read. */
    TaskId taskId();

    /** The same outcome of an execution that held a lease taken over: its reports name the fencing token. */
    default Outcome underLease(long token) {
        return this;
    }

    /**
     * The task reached its final state: report it.
     *
     * @param resultBytes what the result encodes to, measured once where the limit is checked
     */
    record Completed(CompletionEvent event, int resultBytes) implements Outcome {
        @Override
        public String kind() {
            return "completed";
        }

        @Override
        public Outcome underLease(long token) {
            return new Completed(event.withLease(token), resultBytes);
        }

        @Override
        public TaskId taskId() {
            return event.taskId();
        }
    }

    /** The task's batch was cancelled: nothing to report, the delivery is simply settled. */
    record Skipped(TaskId taskId) implements Outcome {
        @Override
        public String kind() {
            return "skipped";
        }
    }

    /** The attempt failed and another is due: hand the task to the broker to bring back later. */
    record Retry(TaskEnvelope next, long delayMs, String error) implements Outcome {
        @Override
        public String kind() {
            return "retry";
        }

        @Override
        public TaskId taskId() {
            return next.taskId();
        }
    }

    /** A message that arrived before its tasks are due (another path, or a clock ahead): back until then. */
    record Deferred(TaskEnvelope task, long delayMs) implements Outcome {
        @Override
        public String kind() {
            return "deferred";
        }

        @Override
        public TaskId taskId() {
            return task.taskId();
        }
    }

    /**
     * A lease's copy that has nothing to take over: its task is final, its batch cancelled, or
     * its holder let go of it for a retry. Nothing to report; the copy is simply settled.
     */
    record Superseded(TaskId taskId) implements Outcome {
        @Override
        public String kind() {
            return "superseded";
        }
    }

    /** A task of a chunk not run here: it goes back to the queue as a message of its own. */
    record Requeued(TaskEnvelope task) implements Outcome {
        @Override
        public String kind() {
            return "requeued";
        }

        @Override
        public TaskId taskId() {
            return task.taskId();
        }
    }

    /**
     * The task will never succeed here (poison, non-retryable, out of attempts): keep
     * {@code body} in the dead-letter queue with the reason, and report a failure for every
     * task id known, so their batches can end.
     */
    record DeadLetter(byte[] body, Map<String, String> reason, List<CompletionEvent> events) implements Outcome {
        @Override
        public String kind() {
            return "dead-letter";
        }

        @Override
        public Outcome underLease(long token) {
            return new DeadLetter(body, reason, events.stream().map(event -> event.withLease(token)).toList());
        }

        @Override
        public TaskId taskId() {
            return events.isEmpty() ? null : events.get(0).taskId();
        }
    }
}
