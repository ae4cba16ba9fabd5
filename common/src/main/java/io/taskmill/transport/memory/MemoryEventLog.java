package io.taskmill.transport.memory;

import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only list of events with their append times; each reader follows it on a
 * thread of its own. It lives as long as the JVM (the embedded default is one process),
 * and keeps its entries for good unless given a retention: then entries older than that
 * are dropped as new ones arrive, and a reader that fell behind them skips to the oldest.
 */
final class MemoryEventLog implements EventLog {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryEventLog.class);

    private record Entry(long at, byte[] body) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Duration retention;
    /** Entries dropped so far: positions count from the first entry ever appended. */
    private long dropped;

    MemoryEventLog() {
        this(null);
    }

    /** @param retention how long entries are kept, or null for as long as the JVM runs */
    MemoryEventLog(Duration retention) {
        this.retention = retention;
    }

    @Override
    public synchronized CompletableFuture<Void> append(byte[] body) {
        long now = System.currentTimeMillis();
        entries.add(new Entry(now, body));
        if (retention != null) {
            int expired = 0;
            while (expired < entries.size() && entries.get(expired).at() < now - retention.toMillis()) {
                expired++;
            }
            entries.subList(0, expired).clear();
            dropped += expired;
        }
        notifyAll();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Subscription read(long fromEpochMillis, EventHandler handler) {
        AtomicBoolean open = new AtomicBoolean(true);
        // Where to start is fixed now, not when the thread gets to run: what is appended after this returns is read.
        long start = firstAtOrAfter(fromEpochMillis);
        Thread reader = new Thread(() -> follow(start, handler, open::get), "taskmill-mem-events");
        reader.setDaemon(true);
        reader.start();
        return new Subscription() {
            @Override
            public void cancel() {
                close();
            }

            @Override
            public void close() {
                open.set(false);
                synchronized (MemoryEventLog.this) {
                    MemoryEventLog.this.notifyAll();
                }
            }
        };
    }

    private synchronized long firstAtOrAfter(long fromEpochMillis) {
        int index = 0;
        while (index < entries.size() && entries.get(index).at() < fromEpochMillis) {
            index++;
        }
        return dropped + index;
    }

    private void follow(long start, EventHandler handler, BooleanSupplier open) {
        long position = start;
        while (open.getAsBoolean()) {
            List<byte[]> fresh = new ArrayList<>();
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
                    fresh.add(entries.get((int) (position++ - dropped)).body());
                }
            }
            for (byte[] body : fresh) {
                if (!open.getAsBoolean()) {
                    return;
                }
                try {
                    handler.onEvent(body);
                } catch (RuntimeException e) {
                    LOG.warn("event handler failed; event skipped: {}", e.toString());
                }
            }
        }
    }
}
