package io.taskmill.client;

import io.taskmill.fleet.WorkerHeartbeat;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How many consecutive tasks of a batch go to one message when the caller does not say.
 * Broker work is per message, so short tasks travel together; a message should hold about
 * {@link #TARGET_MS} of work, judged by how long the fleet says the type runs, so that it
 * costs a round trip's fraction and still leaves the fleet even at the batch's end; and, as
 * Python's {@code Pool.map} does, a batch becomes about four messages per worker thread at
 * least, so every thread has its share. A type nobody has run yet goes by the count rule
 * alone, and a worker splits a chunk that runs past a second.
 *
 * @param meanMs  how long a task of the type runs on the fleet, when some worker has run it
 * @param threads the fleet's handler threads on the queue, 0 when unknown
 */
public record ChunkSizing(OptionalDouble meanMs, int threads) {

    /**
     * Work per message: long beside what a message costs the broker, short beside a human's wait.
     * At the few hundred messages a second of tasks this size, a quorum queue spends 1-3 ms of
     * CPU on each (its log write and fsync, no longer shared with other messages): at 50 ms,
     * {@code count} of 6,000 tasks of ~1 ms cost the broker 0.8 s of the two cores, at 100 ms 0.4 s.
     */
    public static final long TARGET_MS = 100;

    /** Tasks per message at most: what a worker hands back when a chunk turns out long. */
    public static final int MAX_TASKS = 100;

    /** Threads assumed for a fleet that has not been heard from: a batch of 64 messages. */
    static final int UNKNOWN_THREADS = 16;

    /** What the live workers of {@code queue} say about {@code type}. */
    public static ChunkSizing of(List<WorkerHeartbeat> fleet, String queue, String type) {
        List<WorkerHeartbeat> workers = fleet.stream().filter(worker -> worker.queue().equals(queue)).toList();
        OptionalDouble mean = workers.stream().filter(worker -> worker.meanMs().containsKey(type))
                .mapToDouble(worker -> worker.meanMs().get(type)).average();
        return new ChunkSizing(mean, workers.stream().mapToInt(WorkerHeartbeat::concurrency).sum());
    }

    /** Nothing known: the count rule alone. */
    public static ChunkSizing unknown() {
        return new ChunkSizing(OptionalDouble.empty(), 0);
    }

    /**
     * Tasks per message for a batch of {@code tasks} (negative: a stream of unknown length,
     * for which only a measured type is packed).
     */
    public int perMessage(long tasks) {
        if (tasks == 1) {
            return 1;
        }
        long byCount = tasks < 0 ? Long.MAX_VALUE : tasks / (4L * (threads > 0 ? threads : UNKNOWN_THREADS));
        long byTime = meanMs.isPresent() ? (long) (TARGET_MS / Math.max(meanMs.getAsDouble(), 0.01))
                : tasks < 0 ? 1 : Long.MAX_VALUE;
        return (int) Math.max(1, Math.min(MAX_TASKS, Math.min(byCount, byTime)));
    }
}
