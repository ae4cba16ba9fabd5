package io.taskmill.worker;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each task type runs on this worker: a moving average of its attempts, for the
 * worker's heartbeat, from which operators (and, later, producers and workers dealing out
 * work) learn what a task of a type costs. Attempts cut short by a cancellation say nothing
 * of their type and are left out.
 */
final class RunTimes implements WorkerListener {

    /** The newest attempt's weight in its type's average: the last ten or so attempts count. */
    static final double WEIGHT = 0.2;

    private final Map<String, Double> meanMs = new ConcurrentHashMap<>();

    @Override
    public void executed(TaskExecution execution) {
        if ("cancelled".equals(execution.outcome())) {
            return;
        }
        meanMs.merge(execution.type(), (double) execution.durationMs(),
                (mean, latest) -> mean + WEIGHT * (latest - mean));
    }

    /** Each type run here so far with its average run time in milliseconds, to a tenth. */
    Map<String, Double> meanMillis() {
        Map<String, Double> rounded = new TreeMap<>();
        meanMs.forEach((type, mean) -> rounded.put(type, Math.round(mean * 10) / 10.0));
        return rounded;
    }
}
