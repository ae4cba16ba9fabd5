package io.taskmill.worker;

/**
 * @param queue       short name of the work queue
 * @param concurrency handler threads
 * @param prefetch    deliveries held at once; at least {@code concurrency} to keep every thread busy
 * @param workerId    how completion events name this worker
 */
public record WorkerConfig(String queue, int concurrency, int prefetch, String workerId) {

    public WorkerConfig {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1, was " + prefetch);
        }
        if (workerId == null || workerId.isBlank()) {
            throw new IllegalArgumentException("worker id is required");
        }
    }

    /**
     * Four deliveries per thread, at least 16: a finished task holds its delivery until its
     * completion event is confirmed, so the window must cover confirm latency as well as
     * keep the next task local; more would hoard tasks that other workers could run.
     */
    public static int defaultPrefetch(int concurrency) {
        return Math.max(16, concurrency * 4);
    }
}
