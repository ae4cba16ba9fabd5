package io.taskmill.handler;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Does the work of one task type. Implementations are annotated with {@link TaskType},
 * have a public no-argument constructor, and are listed in
 * {@code META-INF/services/io.taskmill.handler.TaskHandler}.
 *
 * <p><b>Threads.</b> {@link #handle} is called on a worker-pool thread, concurrently for
 * different tasks on one shared instance, so an implementation must be thread-safe. It may
 * block and may take as long as the task's time limit.
 *
 * <p><b>Interruption.</b> The thread is interrupted when the task's time limit passes or
 * the batch is cancelled; a long handler should use interruptible waits and I/O, or check
 * {@link TaskContext#cancelled()} (a cancellation) and {@link Thread#isInterrupted()} (either)
 * in its loop, and return promptly.
 *
 * <p><b>Outcome.</b> A returned value (may be null) is the task's result and travels in the
 * completion event, so keep it small. Any exception fails the attempt; the task is
 * reported failed with the exception's class and message. Throw
 * {@link NonRetryableTaskException} when trying again cannot help (bad input).
 */
@FunctionalInterface
public interface TaskHandler {

    JsonNode handle(TaskContext task) throws Exception;
}
