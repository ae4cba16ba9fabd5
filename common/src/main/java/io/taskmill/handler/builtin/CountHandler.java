package io.taskmill.handler.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;

/**
 * The lecture's CPU-bound countdown ({@code while n > 0: n -= 1}), payload {@code {"n": N}}.
 * The loop folds every value into a checksum that is returned, so the JIT cannot prove
 * the loop useless and drop it.
 */
@TaskType("count")
public final class CountHandler implements TaskHandler {

    @Override
    public JsonNode handle(TaskContext task) {
        long n = task.requireNonNegativeLong("n");
        return JsonNodeFactory.instance.objectNode()
                .put("n", n)
                .put("checksum", countDown(n));
    }

    static long countDown(long n) {
        long checksum = 0;
        while (n > 0) {
            checksum = checksum * 31 + n;
            n--;
            if ((n & 0xFFFFFF) == 0 && Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted at n=" + n);
            }
        }
        return checksum;
    }
}
