package io.taskmill.cli;

import io.taskmill.client.QueueStatus;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.Progress;
import io.taskmill.transport.TransportException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Says once, when a joined batch has had nothing done for a few seconds, that its queue has
 * no consumer: a join on a queue nobody takes from otherwise counts '0/1 done, ETA ?' to
 * its timeout. The queue is asked off the join's thread (reading the presence log takes a
 * moment); a queue with a worker, or one that cannot be asked now, says nothing.
 */
final class IdleQueueWatch implements Consumer<Progress>, AutoCloseable {

    static final Duration AFTER = Duration.ofSeconds(5);

    private final TaskmillClient client;
    private final PrintWriter err;
    private volatile long done;
    private volatile boolean closed;

    IdleQueueWatch(TaskmillClient client, PrintWriter err) {
        this.client = client;
        this.err = err;
        CompletableFuture.runAsync(this::check, CompletableFuture.delayedExecutor(AFTER.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    @Override
    public void accept(Progress progress) {
        done = progress.done();
    }

    private void check() {
        if (closed || done > 0) {
            return;
        }
        QueueStatus queue;
        try {
            queue = client.queueStatus();
        } catch (TransportException | IllegalStateException e) {
            return;
        }
        if (!closed && done == 0 && queue.exists() && queue.unattended()) {
            err.println(message(queue));
        }
    }

    static String message(QueueStatus queue) {
        return "taskmill: " + queue.unattendedHint("the batch waits");
    }

    @Override
    public void close() {
        closed = true;
    }
}
