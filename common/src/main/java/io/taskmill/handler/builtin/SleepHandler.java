package io.taskmill.handler.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;
import java.util.concurrent.TimeUnit;

/**
 * Sleeps {@code {"ms": N}} milliseconds, interruptibly: a task of known length for tests. It
 * tells its progress every {@link #STEP_MS}, the milliseconds slept of N.
 */
@TaskType("sleep")
public final class SleepHandler implements TaskHandler {

    static final long STEP_MS = 250;

    @Override
    public JsonNode handle(TaskContext task) throws InterruptedException {
        long ms = task.requireNonNegativeLong("ms");
        long start = System.nanoTime();
        long slept = 0;
        while (slept < ms) {
            Thread.sleep(Math.min(STEP_MS, ms - slept));
            slept = Math.min(ms, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            task.progress(slept, ms, null);
        }
        return null;
    }
}
