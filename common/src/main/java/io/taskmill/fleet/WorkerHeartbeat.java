package io.taskmill.fleet;

import io.taskmill.task.TaskProgress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a worker says about itself on the presence log, every {@link #INTERVAL} and when its
 * state changes: enough for {@code taskmill workers} and the dashboard to list the fleet.
 *
 * @param worker      the worker id completion events carry
 * @param host        the machine (or container) it runs on
 * @param queue       short name of the queue it takes tasks from
 * @param types       task types it can run
 * @param concurrency handler threads
 * @param inFlight    deliveries it holds now, running or waiting for their outcome to be confirmed
 * @param startedAt   when it started, epoch ms
 * @param at          when it said this, epoch ms
 * @param state       RUNNING, DRAINING or STOPPED
 * @param succeeded   tasks it ran that succeeded, since it started
 * @param failed      tasks it dead-lettered, since it started
 * @param retried     failed attempts it handed back for a retry, since it started
 * @param busy        handler threads running a task now (0 from workers that predate it)
 * @param meanMs      each task type it ran, with the moving average of its run time in ms
 *                    (empty from workers that predate it)
 * @param roles       what its process does beside running tasks, such as {@link #SCHEDULER}
 *                    (empty from workers that predate it)
 * @param progress    what its running tasks told last of their progress, at most
 *                    {@link #PROGRESS_SHOWN} (empty from workers that predate it)
 */
public record WorkerHeartbeat(String kind, String worker, String host, String queue, List<String> types,
                              int concurrency, int inFlight, long startedAt, long at, String state, long succeeded,
                              long failed, long retried, int busy, Map<String, Double> meanMs,
                              List<String> roles, List<TaskProgress> progress) {

    public static final String KIND = "heartbeat";
    /** The role of a process that fires the deployment's periodic schedules. */
    public static final String SCHEDULER = "scheduler";
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Three heartbeats missed: the worker is gone, whatever its last word was. */
    public static final Duration SILENCE = INTERVAL.multipliedBy(3);
    /** Running tasks whose progress a heartbeat carries: what a status line has room for. */
    public static final int PROGRESS_SHOWN = 5;

    public WorkerHeartbeat {
        types = List.copyOf(types);
        meanMs = meanMs == null ? Map.of() : Map.copyOf(meanMs);
        roles = roles == null ? List.of() : List.copyOf(roles);
        progress = progress == null ? List.of() : List.copyOf(progress);
    }

    /** Whether the worker takes tasks of {@code type} from {@code queue}. */
    public boolean runs(String queue, String type) {
        return this.queue.equals(queue) && types.contains(type);
    }

    /** Whether the worker is still with us at {@code now}: not stopped, and heard from lately. */
    public boolean live(long now) {
        return !"STOPPED".equals(state) && now - at <= SILENCE.toMillis();
    }
}
