package io.taskmill.transport;

/**
 * Receives event-log entries in log order, on one transport thread per subscription.
 * An exception thrown here is logged and the entry skipped.
 */
@FunctionalInterface
public interface EventHandler {

    void onEvent(byte[] body);
}
