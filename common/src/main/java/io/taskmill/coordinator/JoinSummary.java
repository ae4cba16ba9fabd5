package io.taskmill.coordinator;

import java.util.List;
import java.util.Map;

/**
 * The end of a join, or where it stood when it timed out.
 *
 * @param total       tasks in the batch; -1 when the batch was never sealed
 * @param done        distinct tasks in a final state
 * @param cancelled   tasks not final when the batch was cancelled
 * @param duplicates  reports beyond the first per task (redeliveries)
 * @param perWorker   per worker id, the tasks whose final outcome it reported (a redelivery that went better
 *                    moves its task to the worker that succeeded; a replayed task counts where it ended)
 * @param wallSeconds from the batch's creation to its last completion; for a join that timed out, to its end
 * @param missing     tasks not final (when sealed); {@code missingIds} lists the first of them
 * @param failures    the first of the failed tasks, by id; {@code failed} counts them all
 */
public record JoinSummary(String batch, long total, long done, long succeeded, long failed, long cancelled, long missing,
                          long duplicates, Map<String, Long> perWorker, double wallSeconds, boolean timedOut,
                          List<String> missingIds, List<TaskFailure> failures) {

    public JoinSummary {
        perWorker = Map.copyOf(perWorker);
        missingIds = List.copyOf(missingIds);
        failures = List.copyOf(failures);
    }

    public double tasksPerSecond() {
        return wallSeconds > 0 ? done / wallSeconds : 0;
    }

    /** 0 when every task succeeded, 1 when some failed, 2 when the join timed out, 3 when the batch was cancelled. */
    public int exitCode() {
        if (timedOut) {
            return 2;
        }
        if (failed > 0) {
            return 1;
        }
        return cancelled > 0 ? 3 : 0;
    }
}
