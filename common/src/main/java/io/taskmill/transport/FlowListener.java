package io.taskmill.transport;

/** Hears the broker's flow control: publishing paused by an alarm, and resumed. */
public interface FlowListener {

    /** Publishes now block until {@link #unblocked()}; {@code reason} is the broker's words. */
    void blocked(String reason);

    void unblocked();
}
