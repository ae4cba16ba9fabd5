package io.taskmill.client;

import io.taskmill.task.TaskProgress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's future whose timed {@code get} says why it timed out: a bare
 * {@link TimeoutException} left a user of the Pool API with no queue in mind guessing
 * whether anything was running the task at all. Futures derived from it
 * ({@code thenApply}, ...) say the same.
 */
final class TaskFuture<T> extends CompletableFuture<T> {

    private static final Logger LOG = LoggerFactory.getLogger(TaskFuture.class);

    private final String task;
    private final Supplier<String> queue;
    /** Shared with the futures derived from it: a listener on any of them hears the task. */
    private final List<Consumer<TaskProgress>> listeners;

    /**
     * @param task  the task's id
     * @param queue how its queue stands now, asked only at a timeout
     */
    TaskFuture(String task, Supplier<String> queue) {
        this(task, queue, new CopyOnWriteArrayList<>());
    }

    private TaskFuture(String task, Supplier<String> queue, List<Consumer<TaskProgress>> listeners) {
        this.task = task;
        this.queue = queue;
        this.listeners = listeners;
    }

    void onProgress(Consumer<TaskProgress> listener) {
        listeners.add(listener);
    }

    /** On the thread that reads the event log: a listener that throws is logged and kept. */
    void progressed(TaskProgress progress) {
        if (isDone()) {
            return;
        }
        for (Consumer<TaskProgress> listener : listeners) {
            try {
                listener.accept(progress);
            } catch (RuntimeException e) {
                LOG.warn("a progress listener of task {} failed: {}", task, e.toString());
            }
        }
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return super.get(timeout, unit);
        } catch (TimeoutException e) {
            String units = unit.name().toLowerCase(java.util.Locale.ROOT);
            TimeoutException said = new TimeoutException("task " + task + " not done within " + timeout + " "
                    + (timeout == 1 ? units.substring(0, units.length() - 1) : units) + ": " + queue.get());
            said.initCause(e);
            throw said;
        }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new TaskFuture<>(task, queue, listeners);
    }
}
