package io.taskmill.coordinator;

import io.taskmill.task.CompletionEvent;

/**
 * A task of a batch that failed for good, as its summary shows it.
 *
 * @param attempts how many times it ran before it was given up
 * @param error    {@code ErrorClass: message} of its last attempt
 */
public record TaskFailure(String id, int attempts, String worker, String error) {

    static TaskFailure of(CompletionEvent report) {
        return new TaskFailure(report.id(), report.attempt(), report.worker(), report.error());
    }
}
