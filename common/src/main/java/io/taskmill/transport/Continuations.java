package io.taskmill.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a broker's transport completes the futures it hands out: never on its client
 * library's own threads. A caller's continuation may wait on the transport again (a
 * worker's group commit appends its next group from there, and a stream may have to be
 * declared first); on the thread that reads the broker's answers it would wait for an
 * answer only it can read, and every publish of the process would stall with it. Threads
 * are made as continuations need them and end when idle; a continuation handed over after
 * {@link #close()} runs at once, so that no caller waits for good on a closed transport.
 */
public final class Continuations implements AutoCloseable {

    private static final long IDLE_SECONDS = 30;

    private final ExecutorService threads;

    /** @param name what the threads are called, with a number after it */
    public Continuations(String name) {
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Runs {@code continuation} on a thread of this transport's own. */
    public void run(Runnable continuation) {
        try {
            threads.execute(continuation);
        } catch (RejectedExecutionException closed) {
            continuation.run();
        }
    }

    /** Fails {@code future} on a thread of this transport's own. */
    public void fail(CompletableFuture<?> future, Throwable failure) {
        run(() -> future.completeExceptionally(failure));
    }

    @Override
    public void close() {
        threads.shutdown();
    }
}
