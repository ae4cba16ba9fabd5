package io.taskmill.transport.redis;

import java.time.Duration;

/**
 * How many replicas must hold a write before it counts as confirmed ({@code WAIT}): none by
 * default, as Redis answers a write once its primary has it; with {@code ?wait-replicas=N} a
 * publish, a delayed task, a dead letter and a log entry are confirmed only once N replicas
 * acknowledged them, and fail, to be tried again, when fewer did within {@code wait-timeout}.
 *
 * @param replicas replicas that must acknowledge a write, 0 for none
 * @param timeout  how long the server waits for them
 */
record ReplicaWait(int replicas, Duration timeout) {

    static final ReplicaWait NONE = new ReplicaWait(0, Duration.ofSeconds(1));

    ReplicaWait {
        if (replicas < 0) {
            throw new IllegalArgumentException("wait-replicas must be 0 or more, was " + replicas);
        }
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("wait-timeout must be at least 1ms, was " + timeout);
        }
    }

    boolean waits() {
        return replicas > 0;
    }

    /** Why a write that {@code acknowledged} replicas hold is not confirmed. */
    String shortOf(long acknowledged) {
        return acknowledged + " of " + replicas + " replicas (wait-replicas=" + replicas + ") acknowledged the write "
                + "within " + timeout.toMillis() + " ms";
    }
}
