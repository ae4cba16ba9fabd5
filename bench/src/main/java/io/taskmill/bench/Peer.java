package io.taskmill.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/** A task queue users would pick instead of Taskmill, run beside it on the same machine. */
interface Peer {

    /** What one run of no-op tasks through the peer's own "join" took. */
    record Run(long tasks, double seconds, long workerRssBytes) {

        double tasksPerSecond() {
            return tasks / seconds;
        }
    }

    String name();

    /** The settings it runs with, where they differ from Taskmill's, for the report. */
    String settings();

    /** No-op tasks from one producer through to every result known, with its workers started first. */
    Run noops(int tasks) throws Exception;

    /** One no-op task in flight at a time: send to result seen, after a warm-up, in microseconds. */
    Histogram latency(int samples) throws Exception;

    static Histogram histogram(List<String> micros, int warmUp) {
        Histogram histogram = new Histogram(10_000_000, 3);
        micros.stream().skip(warmUp).mapToLong(Long::parseLong).forEach(value -> histogram.recordValue(Math.max(1, value)));
        return histogram;
    }
}
