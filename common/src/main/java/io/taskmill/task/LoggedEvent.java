package io.taskmill.task;

import io.taskmill.transport.EventHandler;
import io.taskmill.transport.LogEntry;
import java.util.function.Consumer;

/**
 * A batch event on its way to the event log with the codec that encodes it. A reader in the
 * same process with the same codec takes the event itself ({@link #readBy}): the bytes it
 * would decode are what this codec makes of this event, signed with its own key, so there
 * is nothing to check and nothing to parse. The bytes are made once, when some reader (or a
 * log on a broker) first asks.
 */
public final class LoggedEvent implements LogEntry {

    private final BatchEvent event;
    private final TaskCodec codec;
    private final long heapBytes;
    private volatile byte[] body;

    /** @param heapBytes roughly what the event holds in memory */
    public LoggedEvent(BatchEvent event, TaskCodec codec, long heapBytes) {
        this.event = event;
        this.codec = codec;
        this.heapBytes = heapBytes;
    }

    /** The event of {@code entry} if {@code reader} logged it, else null: then the entry is read as bytes. */
    public static BatchEvent readBy(LogEntry entry, TaskCodec reader) {
        return entry instanceof LoggedEvent logged && logged.codec == reader ? logged.event : null;
    }

    /**
     * A reader of the event log for {@code codec}: what this process logged with it goes to
     * {@code events} as it is, everything else to {@code bytes}, to be decoded.
     */
    public static EventHandler reader(TaskCodec codec, EventHandler bytes, Consumer<BatchEvent> events) {
        return new EventHandler() {
            @Override
            public void onEvent(byte[] body) {
                bytes.onEvent(body);
            }

            @Override
            public void onEntry(LogEntry entry) {
                BatchEvent event = readBy(entry, codec);
                if (event == null) {
                    bytes.onEvent(entry.encode());
                } else {
                    events.accept(event);
                }
            }
        };
    }

    @Override
    public byte[] encode() {
        byte[] encoded = body;
        if (encoded == null) {
            // Two readers at once may both encode it: the same bytes, so either may win.
            encoded = codec.encode(event);
            body = encoded;
        }
        return encoded;
    }

    @Override
    public long heapBytes() {
        return heapBytes;
    }
}
