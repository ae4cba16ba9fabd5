package io.taskmill.transport;

/**
 * Receives event-log entries in log order, on one transport thread per subscription.
 * An exception thrown here is logged and the entry skipped.
 */
@FunctionalInterface
public interface EventHandler {

    void onEvent(byte[] body);

    /**
     * An entry appended in this process and not encoded ({@link EventLog#append(LogEntry)}):
     * a reader that knows its kind takes it as it is; by default it is read as its bytes.
     */
    default void onEntry(LogEntry entry) {
        onEvent(entry.encode());
    }
}
