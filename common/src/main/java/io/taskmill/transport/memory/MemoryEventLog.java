package io.taskmill.transport.memory;

import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.LogEntry;
import io.taskmill.transport.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only list of events with their append times; each reader follows it on a
 * thread of its own. An entry appended as a {@link LogEntry} stays one: no bytes are made
 * of it unless a reader asks for them, and it counts for its size in memory. It lives as
 * long as the JVM (the embedded default is one process),
 * so it is bounded: entries that every reader of the moment has passed, and some reader
 * has read, are dropped oldest first once the log holds more than {@code maxBytes}. What no
 * one has read yet stays (a join may still come for it); what was read stays as long as the
 * bound allows, for a join of the same batch again. With a retention, entries older than
 * that are dropped too, and a reader that fell behind them skips to the oldest.
 * {@link #horizon()} says how far back the log is whole.
 */
final class MemoryEventLog implements EventLog {

    /** The default bound: a join of a batch read before can run again while its events are this recent. */
    static final long DEFAULT_MAX_BYTES = 16L << 20;
    /** Entries are dropped in runs of at least this many, so that each drop moves the list once. */
    private static final int DROP_RUN = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(MemoryEventLog.class);

    private record Entry(long at, LogEntry value) {
    }

    /** Bytes appended as bytes: a reader takes them as they are, whatever it takes entries as. */
    private record Bytes(byte[] body) implements LogEntry {

        @Override
        public byte[] encode() {
            return body;
        }

        @Override
        public long heapBytes() {
            return body.length;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Duration retention;
    private final long maxBytes;
    /** The next position of every reader following now. */
    private final Map<Object, Long> readers = new HashMap<>();
    /** Entries dropped so far: positions count from the first entry ever appended. */
    private long dropped;
    private long bytes;
    /** The furthest any reader got: entries before it were read at least once. */
    private long readUpTo;
    private long horizon;

    MemoryEventLog() {
        this(null, DEFAULT_MAX_BYTES);
    }

    /**
     * @param retention how long entries are kept, or null for as long as the bound allows
     * @param maxBytes  the bound on what read entries may add up to
     */
    MemoryEventLog(Duration retention, long maxBytes) {
        this.retention = retention;
        this.maxBytes = maxBytes;
    }

    MemoryEventLog(Duration retention) {
        this(retention, DEFAULT_MAX_BYTES);
    }

    @Override
    public CompletableFuture<Void> append(byte[] body) {
        return append(new Bytes(body));
    }

    /** Kept as it is: readers in this process take it without its bytes ever being made. */
    @Override
    public synchronized CompletableFuture<Void> append(LogEntry entry) {
        long now = System.currentTimeMillis();
        entries.add(new Entry(now, entry));
        bytes += entry.heapBytes();
        if (retention != null) {
            int expired = 0;
            while (expired < entries.size() && entries.get(expired).at() < now - retention.toMillis()) {
                expired++;
            }
            drop(expired);
        }
        trim();
        notifyAll();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized long horizon() {
        return horizon;
    }

    /** Entries held now, and their bytes: what the bound is about. */
    synchronized long heldBytes() {
        return bytes;
    }

    /** Drops what no reader of the moment needs, oldest first, while the log is over its bound. */
    private void trim() {
        long safe = readUpTo;
        for (long position : readers.values()) {
            safe = Math.min(safe, position);
        }
        int droppable = (int) Math.max(0, Math.min(safe - dropped, entries.size()));
        if (bytes <= maxBytes || droppable < Math.min(DROP_RUN, Math.max(1, entries.size() / 8))) {
            return;
        }
        int count = 0;
        long freed = 0;
        while (count < droppable && bytes - freed > maxBytes / 2) {
            freed += entries.get(count++).value().heapBytes();
        }
        drop(count);
    }

    private void drop(int count) {
        if (count == 0) {
            return;
        }
        horizon = Math.max(horizon, entries.get(count - 1).at() + 1);
        for (int i = 0; i < count; i++) {
            bytes -= entries.get(i).value().heapBytes();
        }
        entries.subList(0, count).clear();
        dropped += count;
    }

    @Override
    public Subscription read(long fromEpochMillis, EventHandler handler) {
        AtomicBoolean open = new AtomicBoolean(true);
        Object reader = new Object();
        // Where to start is fixed now, not when the thread gets to run: what is appended after this returns is read.
        long start = register(reader, fromEpochMillis);
        Thread thread = new Thread(() -> follow(reader, start, handler, open::get), "taskmill-mem-events");
        thread.setDaemon(true);
        thread.start();
        return new Subscription() {
            @Override
            public void cancel() {
                close();
            }

            @Override
            public void close() {
                open.set(false);
                synchronized (MemoryEventLog.this) {
                    readers.remove(reader);
                    MemoryEventLog.this.notifyAll();
                }
            }
        };
    }

    private synchronized long register(Object reader, long fromEpochMillis) {
        int index = 0;
        while (index < entries.size() && entries.get(index).at() < fromEpochMillis) {
            index++;
        }
        long start = dropped + index;
        readers.put(reader, start);
        return start;
    }

    private void follow(Object reader, long start, EventHandler handler, BooleanSupplier open) {
        long position = start;
        try {
            while (open.getAsBoolean()) {
                List<LogEntry> fresh = new ArrayList<>();
                synchronized (this) {
                    while (position == dropped + entries.size() && open.getAsBoolean()) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    position = Math.max(position, dropped);
                    while (position < dropped + entries.size()) {
                        fresh.add(entries.get((int) (position++ - dropped)).value());
                    }
                    if (readers.containsKey(reader)) {
                        readers.put(reader, position);
                    }
                    readUpTo = Math.max(readUpTo, position);
                    trim();
                }
                for (LogEntry entry : fresh) {
                    if (!open.getAsBoolean()) {
                        return;
                    }
                    try {
                        handler.onEntry(entry);
                    } catch (RuntimeException e) {
                        LOG.warn("event handler failed; event skipped: {}", e.toString());
                    }
                }
            }
        } finally {
            synchronized (this) {
                readers.remove(reader);
            }
        }
    }
}
