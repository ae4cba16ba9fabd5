package io.taskmill.unique;

import java.time.Instant;

/**
 * The task that runs for a unique key: this submission's own ({@code first}), or the one an
 * earlier submission of the key put in.
 *
 * @param key   the unique key
 * @param task  the task that runs for it ({@code batch:seq})
 * @param since when that task was claimed
 * @param first whether it is this submission's own task, which its submitter now publishes
 */
public record UniqueClaim(String key, String task, Instant since, boolean first) {

    /** The batch of the task that runs for the key: joining it gives that task's outcome. */
    public String batch() {
        return task.substring(0, task.lastIndexOf(':'));
    }
}
