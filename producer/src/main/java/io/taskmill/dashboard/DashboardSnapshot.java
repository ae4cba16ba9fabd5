package io.taskmill.dashboard;

import io.taskmill.client.QueueStatus;
import io.taskmill.fleet.WorkerHeartbeat;
import java.util.List;

/** What the dashboard page shows at one moment; sent whole, as JSON, once a second. */
record DashboardSnapshot(long at, String broker, QueueStatus queue, List<BatchBoard.BatchRow> batches,
                         List<WorkerHeartbeat> workers, List<DeadLetterRow> deadLetters,
                         List<BatchBoard.FailureRow> failures, String problem, String hint) {

    /** A message in the dead-letter queue, and why it is there. */
    record DeadLetterRow(String id, String batch, String type, String reason, String error, String attempts,
                         String worker) {
    }
}
