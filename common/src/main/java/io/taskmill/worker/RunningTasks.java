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
    Running start(TaskId id, LogSpec events) {
        Running task = new Running(id, events, Thread.currentThread());
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
                if (told.size() < most && (long) Running.VERSION.getAcquire(task) > 0) {
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
     * One running task. Its handler's thread writes the progress fields and then publishes
     * them with a release store of the version, a plain store on most machines: a handler may
     * call {@link #progress} on every step of a loop. The reporter reads the version first;
     * a report that mixes two calls' fields is possible and harmless, the next one is whole.
     */
    final class Running implements TaskControl, AutoCloseable {

        private static final VarHandle VERSION;

        static {
            try {
                VERSION = MethodHandles.lookup().findVarHandle(Running.class, "version", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final TaskId id;
        private final LogSpec events;
        private final Thread thread;
        private long done;
        private long total;
        private String message;
        @SuppressWarnings("unused") // through VERSION
        private long version;
        private long reported;

        private Running(TaskId id, LogSpec events, Thread thread) {
            this.id = id;
            this.events = events;
            this.thread = thread;
        }

        @Override
        public boolean cancelled() {
            return cancelled.test(id.batch());
        }

        @Override
        public void progress(long done, long total, String message) {
            this.done = done;
            this.total = total;
            this.message = message;
            VERSION.setRelease(this, (long) VERSION.get(this) + 1);
        }

        /** What changed since the last report, or null; called on the reporter's thread only. */
        private TaskProgress news() {
            long seen = (long) VERSION.getAcquire(this);
            if (seen == reported) {
                return null;
            }
            reported = seen;
            return now();
        }

        private TaskProgress now() {
            return TaskProgress.of(id, done, total, message, worker, clock.millis());
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
