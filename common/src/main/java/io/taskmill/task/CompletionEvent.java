package io.taskmill.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A worker's report that one execution of a task reached a final state: the task_done of
 * multiprocessing's JoinableQueue. A redelivered task may be reported more than once; the
 * coordinator counts such reports as duplicates, not as more tasks.
 *
 * @param result     the handler's result, null when it failed
 * @param error      {@code ErrorClass: message} when it failed, null otherwise
 * @param durationMs how long the handler ran
 * @param at         epoch millis when the execution ended
 * @param trace      the W3C trace id the execution ran under, or null
 * @param lease      the fencing token of the lease the execution ran under (see {@link TaskLeased}); 0 for an
 *                   execution that was never leased, or the first holder of a lease
 */
public record CompletionEvent(int v, String id, String batch, TaskStatus status, JsonNode result, String error,
                              int attempt, String worker, long durationMs, long at,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String trace,
                              @JsonInclude(JsonInclude.Include.NON_DEFAULT) long lease) implements BatchEvent {

    /** Without a lease. */
    public CompletionEvent(int v, String id, String batch, TaskStatus status, JsonNode result, String error,
                           int attempt, String worker, long durationMs, long at, String trace) {
        this(v, id, batch, status, result, error, attempt, worker, durationMs, at, trace, 0);
    }

    /** Without a trace or a lease. */
    public CompletionEvent(int v, String id, String batch, TaskStatus status, JsonNode result, String error,
                           int attempt, String worker, long durationMs, long at) {
        this(v, id, batch, status, result, error, attempt, worker, durationMs, at, null, 0);
    }

    /** The same report, naming the trace its execution ran under. */
    public CompletionEvent withTrace(String traceId) {
        return new CompletionEvent(v, id, batch, status, result, error, attempt, worker, durationMs, at, traceId,
                lease);
    }

    /** The same report, of an execution that held the lease with this fencing token. */
    public CompletionEvent withLease(long token) {
        return new CompletionEvent(v, id, batch, status, result, error, attempt, worker, durationMs, at, trace, token);
    }

    public static CompletionEvent succeeded(TaskId id, JsonNode result, int attempt, String worker,
                                            long durationMs, long at) {
        return new CompletionEvent(TaskEnvelope.VERSION, id.toString(), id.batch(), TaskStatus.SUCCEEDED,
                result, null, attempt, worker, durationMs, at);
    }

    public static CompletionEvent failed(TaskId id, String error, int attempt, String worker,
                                         long durationMs, long at) {
        return new CompletionEvent(TaskEnvelope.VERSION, id.toString(), id.batch(), TaskStatus.FAILED,
                null, error, attempt, worker, durationMs, at);
    }

    public TaskId taskId() {
        return TaskId.parse(id);
    }
}
