package io.taskmill.client;

/**
 * A task ended failed on a worker: what its handler threw there, how many attempts it got
 * and where the last one ran. The task is in the dead-letter queue.
 */
public final class TaskFailedException extends RuntimeException {

    private final String taskId;
    private final String remoteType;
    private final String remoteMessage;
    private final int attempts;
    private final String worker;

    TaskFailedException(String taskId, String error, int attempts, String worker) {
        super("task " + taskId + " failed after " + attempts + " attempt(s) on " + worker + ": " + error);
        this.taskId = taskId;
        int colon = error == null ? -1 : error.indexOf(": ");
        this.remoteType = colon < 0 ? error : error.substring(0, colon);
        this.remoteMessage = colon < 0 ? "" : error.substring(colon + 2);
        this.attempts = attempts;
        this.worker = worker;
    }

    public String taskId() {
        return taskId;
    }

    /** The simple name of what the handler threw, e.g. {@code IllegalArgumentException}. */
    public String remoteType() {
        return remoteType;
    }

    public String remoteMessage() {
        return remoteMessage;
    }

    public int attempts() {
        return attempts;
    }

    public String worker() {
        return worker;
    }
}
