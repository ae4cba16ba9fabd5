package io.taskmill.transport;

/** Names of the reason headers a dead letter carries. */
public final class Headers {

    public static final String REASON = "x-taskmill-reason";
    public static final String ERROR_CLASS = "x-taskmill-error-class";
    public static final String ERROR = "x-taskmill-error";
    public static final String ATTEMPTS = "x-taskmill-attempts";
    public static final String WORKER = "x-taskmill-worker";
    public static final String FAILED_AT = "x-taskmill-failed-at";

    private Headers() {
    }
}
