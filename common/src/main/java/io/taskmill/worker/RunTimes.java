package io.taskmill.worker;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * How long each task type runs on this worker: a moving average of its attempts, for the
 * worker's heartbeat, from which operators learn what a task of a type costs and producers
 * how many of them to pack in a message. Attempts cut short by a cancellation say nothing
 * of their type and are left out. A type whose time moves far from what the last heartbeat
 * said has the worker told at once, not at its next heartbeat: a heartbeat sent after a new
 * worker's first, cold no-op said 20 ms, and a producer that read it in the next five
 * seconds packed 9 tasks a message where 100 belonged (200,000 tasks as 22,000 messages:
 * half the rate of the same batch a few seconds later).
 */
final class RunTimes implements WorkerListener {

    /** The newest attempt's weight in its type's average: the last ten or so attempts count. */
    static final double WEIGHT = 0.2;

    /** Attempts of a type whose median stands for it before the moving average starts. */
    static final int WARM_UP = 10;

    /** How many times over or under what the fleet was told a type's time must be to be told at once. */
    static final double MOVE = 2.0;

    /**
     * Times under this pack alike: a message holds at most 100 tasks and about 100 ms of
     * work, so a type of 0.1 ms and one of 0.9 ms both go 100 to a message.
     */
    static final double PACKS_ALIKE_MS = 1.0;

    private final Map<String, Mean> means = new ConcurrentHashMap<>();
    private final Runnable moved;

    /** @param moved called when a type the fleet was told of runs far from what it was told */
    RunTimes(Runnable moved) {
        this.moved = moved;
    }

    @Override
    public void executed(TaskExecution execution) {
        if ("cancelled".equals(execution.outcome())) {
            return;
        }
        if (means.computeIfAbsent(execution.type(), type -> new Mean()).add(execution.durationMs())) {
            moved.run();
        }
    }

    /** Each type run here so far with its average run time in milliseconds, to a tenth. */
    Map<String, Double> meanMillis() {
        return each(Mean::rounded);
    }

    /** As {@link #meanMillis()}, for a heartbeat: what it says is what the fleet was told. */
    Map<String, Double> tell() {
        return each(Mean::tell);
    }

    private Map<String, Double> each(ToDoubleFunction<Mean> read) {
        Map<String, Double> rounded = new TreeMap<>();
        means.forEach((type, mean) -> rounded.put(type, read.applyAsDouble(mean)));
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
        /** What the last heartbeat said; NaN before any did. */
        private double told = Double.NaN;

        /**
         * @return whether the type now runs far from what the fleet was told; a type never told
         *         waits for the next heartbeat, as its first attempts are the coldest
         */
        synchronized boolean add(long latest) {
            if (attempts < WARM_UP) {
                warmUp[attempts++] = latest;
                millis = median(Arrays.copyOf(warmUp, attempts));
            } else {
                millis += WEIGHT * (latest - millis);
            }
            double high = Math.max(told, millis);
            return !Double.isNaN(told) && high >= PACKS_ALIKE_MS && high >= MOVE * Math.min(told, millis);
        }

        synchronized double rounded() {
            return Math.round(millis * 10) / 10.0;
        }

        synchronized double tell() {
            told = rounded();
            return told;
        }

        private static double median(long[] sample) {
            Arrays.sort(sample);
            int middle = sample.length / 2;
            return sample.length % 2 == 1 ? sample[middle] : (sample[middle - 1] + sample[middle]) / 2.0;
        }
    }
}
