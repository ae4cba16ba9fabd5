package io.taskmill.transport.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.taskmill.transport.Continuations;
import io.taskmill.transport.TransportException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends writes down the transport's one pipelined connection with a bounded window of
 * writes the server has not answered (tasks published together count one each), as the
 * other brokers' confirming publishers do, and completes their futures on the
 * transport's continuations, never on the client's event loop (see {@link Continuations}).
 */
final class RedisPublisher {

    /** Writes in flight at most before another waits. */
    static final int WINDOW = 4_096;
    private static final long WINDOW_PATIENCE_SECONDS = 30;

    /** Tasks per publishing command at most. */
    private static final int TASKS_AT_ONCE = 256;

    private final Semaphore window = new Semaphore(WINDOW);
    private final Continuations continuations;
    private final RedisAsyncCommands<String, byte[]> redis;
    private final Map<String, Coalescer<Publish>> streams = new ConcurrentHashMap<>();
    private final ReplicaWait replicaWait;

    RedisPublisher(Continuations continuations, RedisAsyncCommands<String, byte[]> redis, ReplicaWait replicaWait) {
        this.continuations = continuations;
        this.redis = redis;
        this.replicaWait = replicaWait;
    }

    /** A task on its way, and who waits for its confirm. */
    private record Publish(byte[] messageId, byte[] body, CompletableFuture<Void> confirmed) {
    }

    /**
     * Publishes a task to a work stream: with others that wait meanwhile, in one command that
     * adds them in order ({@link RedisScripts#PUBLISH}).
     */
    CompletableFuture<Void> publish(String stream, byte[] messageId, byte[] body) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        if (!enter(stream, confirmed)) {
            return confirmed;
        }
        streams.computeIfAbsent(stream, key -> new Coalescer<>(TASKS_AT_ONCE, tasks -> send(stream, tasks)))
                .add(new Publish(messageId, body, confirmed));
        return confirmed;
    }

    private CompletableFuture<?> send(String stream, List<Publish> tasks) {
        byte[][] args = new byte[tasks.size() * 2][];
        for (int i = 0; i < tasks.size(); i++) {
            args[2 * i] = tasks.get(i).messageId();
            args[2 * i + 1] = tasks.get(i).body();
        }
        CompletableFuture<Long> sent;
        try {
            sent = replicated(RedisScripts.PUBLISH.run(redis, ScriptOutputType.INTEGER, new String[] {stream}, args));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete((added, failure) -> {
            window.release(tasks.size());
            continuations.run(() -> {
                for (Publish task : tasks) {
                    settle(task.confirmed(), "the message for " + stream, failure);
                }
            });
        });
    }

    /** Takes room in the window, or fails the future saying why; {@code where} names the stream or the write. */
    private boolean enter(String where, CompletableFuture<?> confirmed) {
        try {
            if (!window.tryAcquire(WINDOW_PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                confirmed.completeExceptionally(new TransportException("Redis answered none of " + WINDOW
                        + " writes in flight for " + WINDOW_PATIENCE_SECONDS + " s"));
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            confirmed.completeExceptionally(new TransportException("interrupted while waiting to write to Redis ("
                    + where + ")"));
            return false;
        }
    }

    private static <T> void settle(CompletableFuture<T> confirmed, String what, Throwable failure) {
        if (failure == null) {
            confirmed.complete(null);
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        confirmed.completeExceptionally(new TransportException("Redis did not take " + what + ": "
                + cause.getMessage(), cause));
    }

    /**
     * @param what  what is written, for the error: "the message for taskmill.default"
     * @param write sends the command and returns its reply
     */
    <T> CompletableFuture<T> write(String what, Supplier<CompletableFuture<T>> write) {
        CompletableFuture<T> confirmed = new CompletableFuture<>();
        if (!enter(what, confirmed)) {
            return confirmed;
        }
        CompletableFuture<T> sent;
        try {
            sent = replicated(write.get());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((reply, failure) -> {
            window.release();
            continuations.run(() -> {
                if (failure == null) {
                    confirmed.complete(reply);
                } else {
                    settle(confirmed, what, failure);
                }
            });
        });
        return confirmed;
    }

    /**
     * With {@code wait-replicas}, a write's reply is followed by {@code WAIT}: sent once the reply
     * came, so that it also covers a script the server had to be sent whole (see
     * {@link RedisScript}), and failing the write when fewer replicas acknowledged it in time.
     */
    private <T> CompletableFuture<T> replicated(CompletableFuture<T> sent) {
        if (!replicaWait.waits()) {
            return sent;
        }
        return sent.thenCompose(reply -> redis.waitForReplication(replicaWait.replicas(),
                replicaWait.timeout().toMillis()).toCompletableFuture().thenApply(acknowledged -> {
                    if (acknowledged < replicaWait.replicas()) {
                        throw new TransportException(replicaWait.shortOf(acknowledged));
                    }
                    return reply;
                }));
    }

    /** Writes sent and not yet answered. */
    int inFlight() {
        return WINDOW - window.availablePermits();
    }
}
