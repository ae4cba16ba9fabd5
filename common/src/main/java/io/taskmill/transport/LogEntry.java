package io.taskmill.transport;

/**
 * An event-log entry before it is encoded. A log on a broker encodes it as it appends it;
 * a log in this process keeps it as it is and hands it to readers that take it so
 * ({@link EventHandler#onEntry}), which saves encoding and decoding every entry that
 * never leaves the process.
 */
public interface LogEntry {

    /** The entry's bytes, as a reader on a broker gets them. */
    byte[] encode();

    /** Roughly what the entry holds in memory: an in-process log counts it against its bound. */
    long heapBytes();
}
