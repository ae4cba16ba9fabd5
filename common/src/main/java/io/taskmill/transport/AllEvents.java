package io.taskmill.transport;

import java.util.List;

/**
 * Follows every event partition of a deployment at once, for readers of every batch (the
 * dashboard, a client routing the results of many batches). Entries of one partition come
 * in its order; partitions interleave as they come. The handler is called by one thread at
 * a time, as a reader of one log is.
 */
public final class AllEvents extends CompositeSubscription<Subscription> {

    private final Object handing = new Object();

    private AllEvents() {
    }

    /** As {@link EventLog#read}, over {@link EventPartitions#readable()}. */
    public static Subscription read(Transport transport, long fromEpochMillis, EventHandler handler) {
        List<LogSpec> logs = transport.eventPartitions().readable();
        if (logs.size() == 1) {
            return transport.log(logs.get(0)).read(fromEpochMillis, handler);
        }
        AllEvents all = new AllEvents();
        EventHandler oneAtATime = new EventHandler() {
            @Override
            public void onEvent(byte[] body) {
                synchronized (all.handing) {
                    handler.onEvent(body);
                }
            }

            @Override
            public void onEntry(LogEntry entry) {
                synchronized (all.handing) {
                    handler.onEntry(entry);
                }
            }
        };
        try {
            for (LogSpec log : logs) {
                all.add(transport.log(log).read(fromEpochMillis, oneAtATime));
            }
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
        return all;
    }
}
