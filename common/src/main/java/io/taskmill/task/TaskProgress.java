package io.taskmill.task;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How far a running task says it has got, as its handler last told
 * {@code TaskContext.progress}: advisory, sent at most once a second per task, and never
 * part of a batch's counts.
 *
 * @param done    units of work done so far, as the handler counts them
 * @param total   units in all, or -1 when the handler does not know
 * @param message what the handler is doing, or null
 */
public record TaskProgress(int v, String id, String batch, long done, long total,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String message, String worker, long at)
        implements BatchEvent {

    /** The longest message kept: progress is a line, not a log. */
    public static final int MESSAGE_LIMIT = 200;

    public static TaskProgress of(TaskId id, long done, long total, String message, String worker, long at) {
        String kept = message == null || message.length() <= MESSAGE_LIMIT ? message
                : message.substring(0, MESSAGE_LIMIT - 1) + "…";
        return new TaskProgress(TaskEnvelope.VERSION, id.toString(), id.batch(), done, total, kept, worker, at);
    }

    public TaskId taskId() {
        return TaskId.parse(id);
    }

    /** {@code 40%}, or {@code 12 done} when the total is not known; then the message, if any. */
    public String describe() {
        String amount = total > 0 ? Math.min(100, done * 100 / total) + "%" : done + " done";
        return message == null || message.isBlank() ? amount : amount + " " + message;
    }
}
