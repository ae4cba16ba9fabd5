package io.taskmill.worker;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each task type runs on this worker: a moving average of its attempts, for the
 * worker's heartbeat, from which operators learn what a task of a type costs and producers
 * how many of them to pack in a message. Attempts cut short by a cancellation say nothing
 * of their type and are left out.
 */
final class RunTimes implements WorkerListener {

    /** The newest attempt's weight in its type's average: the last ten or so attempts count. */
    static final double WEIGHT = 0.2;

    /** Attempts of a type whose median stands for it before the moving average starts. */
    static final int WARM_UP = 10;

    private final Map<String, Mean> means = new ConcurrentHashMap<>();

    @Override
    public void executed(TaskExecution execution) {
        if ("cancelled".equals(execution.outcome())) {
            return;
        }
        means.computeIfAbsent(execution.type(), type -> new Mean()).add(execution.durationMs());
    }

    /** Each type run here so far with its average run time in milliseconds, to a tenth. */
    Map<String, Double> meanMillis() {
        Map<String, Double> rounded = new TreeMap<>();
        means.forEach((type, mean) -> rounded.put(type, Math.round(mean.millis() * 10) / 10.0));
        return rounded;
    }

    /**
     * One type's time. A type's first attempts on a JVM load and warm the code around its
     * handler: of fifteen no-ops on a new worker the first took 10-300 ms and a few more some
     * milliseconds where the rest took none, and an average that started from them told
     * producers to pack a tenth of what they should. So until {@link #WARM_UP} attempts have
     * run, the type's time is their median, which a few slow ones do not move; from then on
     * a moving average starts from that median.
     */
    private static final class Mean {

        private final long[] warmUp = new long[WARM_UP];
        private int attempts;
        private double millis;

        synchronized void add(long latest) {
            if (attempts < WARM_UP) {
                warmUp[attempts++] = latest;
                millis = median(Arrays.copyOf(warmUp, attempts));
            } else {
                millis += WEIGHT * (latest - millis);
            }
        }

        synchronized double millis() {
            return millis;
        }

        private static double median(long[] sample) {
            Arrays.sort(sample);
            int middle = sample.length / 2;
            return sample.length % 2 == 1 ? sample[middle] : (sample[middle - 1] + sample[middle]) / 2.0;
        }
    }
}
