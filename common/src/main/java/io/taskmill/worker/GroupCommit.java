package io.taskmill.worker;

import io.taskmill.task.CompletionBatch;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.LoggedEvent;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.EventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of completion events to one log. One append is in flight at a time;
 * completions that arrive meanwhile wait for it and then go out together as one log entry.
 * At low load an event is written at once, alone; under load one confirm covers many tasks,
 * which is what lets a task cost little more than the broker's own message.
 */
final class GroupCommit {

    /**
     * Events per log entry at most. A task without a result takes about 20 bytes of a group,
     * so a full group stays far below the message size limit, and a join of a big batch
     * reads a few hundred entries instead of one per task.
     */
    static final int MAX_GROUP = 1_000;
    /** What an event takes besides its result, encoded or in memory: ids, status, worker, times. */
    private static final int EVENT_OVERHEAD = 300;

    private record Pending(CompletionEvent event, long bytes, CompletableFuture<Void> durable) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final EventLog log;
    private final TaskCodec codec;
    /** Runs the completions of a confirmed group: the deliveries they settle may be acked together. */
    private final Consumer<Runnable> settleTogether;
    private final List<Pending> waiting = new ArrayList<>();
    private boolean writing;

    GroupCommit(EventLog log, TaskCodec codec, Consumer<Runnable> settleTogether) {
        this.log = log;
        this.codec = codec;
        this.settleTogether = settleTogether;
    }

    /** Queues an event; it goes out with the next group. */
    CompletableFuture<Void> add(CompletionEvent event, int resultBytes) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        long bytes = EVENT_OVERHEAD + resultBytes + (event.error() == null ? 0 : 3L * event.error().length());
        synchronized (this) {
            waiting.add(new Pending(event, bytes, durable));
        }
        return durable;
    }

    /** Writes what waits, unless an append is in flight: its completion writes what waits then. */
    void startIfIdle() {
        List<Pending> group;
        synchronized (this) {
            if (writing || waiting.isEmpty()) {
                return;
            }
            writing = true;
            group = takeGroup();
        }
        append(group);
    }

    /** Up to {@link #MAX_GROUP} events and half the message limit of results, so a group always encodes. */
    private List<Pending> takeGroup() {
        int count = 0;
        long bytes = 0;
        while (count < Math.min(MAX_GROUP, waiting.size())) {
            bytes += waiting.get(count).bytes();
            if (count > 0 && bytes > codec.maxBytes() / 2) {
                break;
            }
            count++;
        }
        List<Pending> group = new ArrayList<>(waiting.subList(0, count));
        waiting.subList(0, count).clear();
        return group;
    }

    private void append(List<Pending> group) {
        CompletableFuture<Void> appended;
        try {
            // A group even of one: a quarter of an event's own form, and read without a bean per field. Encoded
            // by a log on a broker; an in-process log hands the group itself to the join in the same process.
            CompletionBatch events = CompletionBatch.of(group.stream().map(Pending::event).toList());
            appended = log.append(new LoggedEvent(events, codec, group.stream().mapToLong(Pending::bytes).sum()));
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        appended.whenComplete((ok, failure) -> {
            try {
                settleTogether.accept(() -> {
                    for (Pending pending : group) {
                        if (failure == null) {
                            pending.durable().complete(null);
                        } else {
                            pending.durable().completeExceptionally(failure);
                        }
                    }
                });
            } catch (RuntimeException e) {
                // Said, and the next group written all the same: left writing, this log would take no outcome again.
                LOG.error("settling a group of {} outcomes failed: {}", group.size(), e.toString(), e);
            }
            List<Pending> next;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    writing = false;
                    return;
                }
                next = takeGroup();
            }
            append(next);
        });
    }
}
