package io.taskmill.handler.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;

/**
 * The lecture's CPU-bound countdown ({@code while n > 0: n -= 1}), payload {@code {"n": N}}.
 * The loop folds every value into a checksum that is returned, so the JIT cannot prove
 * the loop useless and drop it; it tells its progress as it goes.
 */
@TaskType("count")
public final class CountHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) {
        long n = task.requireNonNegativeLong("n");
        return JsonNodeFactory.instance.objectNode()
                .put("n", n)
                .put("checksum", countDown(n, task));
    }

    /** Every 2^24 steps (about 15 ms) it looks for an interrupt and tells its progress. */
    private static long countDown(long n, TaskContext task) {
        long total = n;
        long checksum = 0;
        while (n > 0) {
            checksum = checksum * 31 + n;
            n--;
            if ((n & 0xFFFFFF) == 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("interrupted at n=" + n);
                }
                task.progress(total - n, total, null);
            }
        }
        return checksum;
    }
}
