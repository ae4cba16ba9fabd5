package io.taskmill.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A task's future whose timed {@code get} says why it timed out: a bare
 * {@link TimeoutException} left a user of the Pool API with no queue in mind guessing
 * whether anything was running the task at all. Futures derived from it
 * ({@code thenApply}, ...) say the same.
 */
final class TaskFuture<T> extends CompletableFuture<T> {

    private final String task;
    private final Supplier<String> queue;

    /**
     * @param task  the task's id
     * @param queue how its queue stands now, asked only at a timeout
     */
    TaskFuture(String task, Supplier<String> queue) {
        this.task = task;
        this.queue = queue;
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
        return new TaskFuture<>(task, queue);
    }
}
