package io.taskmill.worker;

import io.taskmill.handler.TaskControl;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskId;
import io.taskmill.task.TaskProgress;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Transport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks this worker's threads run now, by batch: whose threads a cancellation
 * interrupts, and what each handler last said of its progress, sent to its batch's event
 * log at most once every {@link #REPORT_EVERY}.
 */
final class RunningTasks {

    private static final Logger LOG = LoggerFactory.getLogger(RunningTasks.class);
    static final Duration REPORT_EVERY = Duration.ofSeconds(1);

    private final Map<String, Set<Running>> byBatch = new ConcurrentHashMap<>();
    private final Predicate<String> cancelled;
    private final Transport transport;
    private final TaskCodec codec;
    private final String worker;
    private final Clock clock;

    RunningTasks(Predicate<String> cancelled, Transport transport, TaskCodec codec, String worker, Clock clock) {
        this.cancelled = cancelled;
        this.transport = transport;
        this.codec = codec;
        this.worker = worker;
        this.clock = clock;
    }

    /** Sends the progress reports, from now until the timer stops. */
    void startReporting(ScheduledExecutorService timer) {
        long every = REPORT_EVERY.toMillis();
        timer.scheduleAtFixedRate(this::report, every, every, TimeUnit.MILLISECONDS);
    }

    boolean cancelled(String batch) {
        return cancelled.test(batch);
    }

    /** The task the calling thread starts now; close it when the handler has returned. */
    Running start(TaskId id, LogSpec events, long token) {
        Running task = new Running(id, events, Thread.currentThread(), token);
        // Added under the key's lock, as close removes: a set emptied and dropped meanwhile would lose it.
        byBatch.compute(id.batch(), (batch, tasks) -> {
            Set<Running> into = tasks == null ? ConcurrentHashMap.newKeySet() : tasks;
            into.add(task);
            return into;
        });
        return task;
    }

    /** Interrupts the tasks of a batch running now. */
    void interrupt(String batch) {
        byBatch.getOrDefault(batch, Set.of()).forEach(task -> task.thread.interrupt());
    }

    /** Handler threads running a task now. */
    int busy() {
        int busy = 0;
        for (Set<Running> tasks : byBatch.values()) {
            busy += tasks.size();
        }
        return busy;
    }

    /** What running tasks told last of their progress, for the heartbeat: those that told any. */
    List<TaskProgress> progress(int most) {
        List<TaskProgress> told = new ArrayList<>();
        for (Set<Running> tasks : byBatch.values()) {
            for (Running task : tasks) {
                if (told.size() == most) {
                    return told;
                }
                if (task.told()) {
                    told.add(task.now());
                }
            }
        }
        return told;
    }

    private void report() {
        for (Set<Running> tasks : byBatch.values()) {
            for (Running task : tasks) {
                TaskProgress news = task.news();
                if (news != null) {
                    transport.log(task.events).append(codec.encode(news)).exceptionally(e -> {
                        LOG.debug("progress of {} not sent: {}", task.id, e.getMessage());
                        return null;
                    });
                }
            }
        }
    }

    /**
     * One running task. Its handler's thread writes the progress fields in opaque mode: a plain
     * store on most machines that the compiler may neither drop nor hold back in a loop, so a
     * handler may call {@link #progress} on every step of one. The reporter reads them in the
     * same mode; a report that mixes two calls' fields is possible and harmless, the next one
     * is whole. The total is written last and read first: {@link #NEVER} until the first call.
     */
    final class Running implements TaskControl, AutoCloseable {

        private static final long NEVER = Long.MIN_VALUE;
        private static final VarHandle DONE;
        private static final VarHandle TOTAL;
        private static final VarHandle MESSAGE;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                DONE = lookup.findVarHandle(Running.class, "done", long.class);
                TOTAL = lookup.findVarHandle(Running.class, "total", long.class);
                MESSAGE = lookup.findVarHandle(Running.class, "message", String.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final TaskId id;
        private final LogSpec events;
        private final Thread thread;
        private final long token;
        @SuppressWarnings("unused") // through DONE
        private long done;
        @SuppressWarnings("unused") // through TOTAL
        private long total = NEVER;
        @SuppressWarnings("unused") // through MESSAGE
        private String message;
        /** What the reporter sent last; its thread's alone. */
        private TaskProgress reported;

        private Running(TaskId id, LogSpec events, Thread thread, long token) {
            this.id = id;
            this.events = events;
            this.thread = thread;
            this.token = token;
        }

        @Override
        public long fencingToken() {
            return token;
        }

        @Override
        public boolean cancelled() {
            return cancelled.test(id.batch());
        }

        @Override
        public void progress(long done, long total, String message) {
            DONE.setOpaque(this, done);
            MESSAGE.setOpaque(this, message);
            TOTAL.setOpaque(this, total);
        }

        /** Whether the handler has told any progress yet. */
        private boolean told() {
            return (long) TOTAL.getOpaque(this) != NEVER;
        }

        /** What changed since the last report, or null; called on the reporter's thread only. */
        private TaskProgress news() {
            if (!told()) {
                return null;
            }
            TaskProgress now = now();
            if (reported != null && reported.done() == now.done() && reported.total() == now.total()
                    && Objects.equals(reported.message(), now.message())) {
                return null;
            }
            reported = now;
            return now;
        }

        private TaskProgress now() {
            long total = (long) TOTAL.getOpaque(this);
            return TaskProgress.of(id, (long) DONE.getOpaque(this), total, (String) MESSAGE.getOpaque(this), worker,
                    clock.millis());
        }

        @Override
        public void close() {
            byBatch.computeIfPresent(id.batch(), (batch, tasks) -> {
                tasks.remove(this);
                return tasks.isEmpty() ? null : tasks;
            });
        }
    }
}
