package io.taskmill.client;

import io.taskmill.fleet.WorkerHeartbeat;
import io.taskmill.task.TaskProgress;
import io.taskmill.transport.QueueInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A work queue as an operator sees it: what waits in it, what its live workers hold, what
 * waits for a retry, and what was dead-lettered.
 *
 * @param queue        short name
 * @param exists       false when the queue was never declared
 * @param ready        messages waiting for a worker
 * @param inFlight     deliveries its live workers hold, by their last heartbeats
 * @param retrying     failed tasks waiting out their retry delay, {@link QueueInfo#UNKNOWN} where the broker cannot tell
 * @param deadLettered messages in its dead-letter queue
 * @param consumers    subscriptions the broker counts on it
 * @param workers      live workers taking from it, by their heartbeats
 * @param running      what its running tasks told last of their progress, by their workers' heartbeats
 */
public record QueueStatus(String queue, boolean exists, long ready, long inFlight, long retrying, long deadLettered,
                          int consumers, int workers, List<TaskProgress> running) {

    /**
     * @param infos what {@link io.taskmill.transport.QueueStatistics#status} said of {@code queues}:
     *              each queue's work queue, then its dead-letter queue
     */
    /** Whether nothing takes from the queue: no consumer on the broker and no live worker by the presence log. */
    public boolean unattended() {
        return workers == 0 && consumers == 0;
    }

    /** An unattended queue, in the words every hint uses. */
    public String unattendedText() {
        return "no consumer on queue " + queue + " (0 live workers)";
    }

    /** An unattended queue and what to do, for whatever {@code waits} on it: "the batch waits", "its tasks wait". */
    public String unattendedHint(String waits) {
        return unattendedText() + ": " + waits + " until one starts (bin/taskmill-consumer --queue " + queue + ")";
    }

    static List<QueueStatus> of(List<String> queues, List<QueueInfo> infos, List<WorkerHeartbeat> fleet) {
        List<QueueStatus> statuses = new ArrayList<>(queues.size());
        for (int i = 0; i < queues.size(); i++) {
            String queue = queues.get(i);
            QueueInfo work = infos.get(2 * i);
            QueueInfo dead = infos.get(2 * i + 1);
            List<WorkerHeartbeat> workers = fleet.stream().filter(beat -> beat.queue().equals(queue)).toList();
            statuses.add(new QueueStatus(queue, work.exists(), work.messages(),
                    workers.stream().mapToLong(WorkerHeartbeat::inFlight).sum(), work.retrying(), dead.messages(),
                    work.consumers(), workers.size(),
                    workers.stream().flatMap(beat -> beat.progress().stream()).toList()));
        }
        return statuses;
    }
}
