package io.taskmill.transport;

/** Names of the reason headers a dead letter carries. */
public final class Headers {

    public static final String REASON = "x-taskmill-reason";
    public static final String ERROR_CLASS = "x-taskmill-error-class";
    public static final String ERROR = "x-taskmill-error";
    public static final String ATTEMPTS = "x-taskmill-attempts";
    public static final String WORKER = "x-taskmill-worker";
    public static final String FAILED_AT = "x-taskmill-failed-at";
    /** On a dead letter: the delivery it was made of and its task ({@link Delivery#identity()}), where known. */
    public static final String DELIVERY = "x-taskmill-delivery";

    private Headers() {
    }
}
