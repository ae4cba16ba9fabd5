package io.taskmill.bench;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A task queue users would pick instead of Taskmill, run beside it on the same machine: its
 * workers as its users start them, and a driver script of its own (bench/peers/) that
 * produces, waits for every result, and prints what it measured.
 */
interface Peer {

    /** What one run of no-op tasks through the peer's own "join" took, its producer timed as a whole process. */
    record Run(long tasks, double seconds, long workerRssBytes) {

        double tasksPerSecond() {
            return tasks / seconds;
        }
    }

    /** The settings it runs with, where they differ from Taskmill's, for the report. */
    String settings();

    /** Its processes, in its directory, with the environment that names its broker. */
    PeerProcesses processes();

    /** Starts the workers of a throughput run ({@code forLatency} false) or of a latency run. */
    void startWorkers(PeerProcesses processes, boolean forLatency) throws Exception;

    /** The driver's command line: {@code mode} is producer, latency or clean. */
    List<String> driver(String mode, int count);

    /** No-op tasks from one producer through to every result known, with its workers started first. */
    default Run noops(int tasks) throws Exception {
        return noops(tasks, 1).get(0);
    }

    /**
     * {@code batches} such runs one after the other on the same workers: the first on workers
     * just started, each later one on workers that have run a batch before.
     */
    default List<Run> noops(int tasks, int batches) throws Exception {
        try (PeerProcesses processes = processes()) {
            startWorkers(processes, false);
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < batches; i++) {
                // The whole process, its runtime's start and its connections too, as Taskmill's CLI is timed:
                // the seconds the driver prints leave out what it took to start.
                long start = System.nanoTime();
                processes.run(driver("producer", tasks));
                runs.add(new Run(tasks, BenchContext.seconds(start), processes.rssBytes()));
            }
            return runs;
        } finally {
            clean();
        }
    }

    /** One no-op task in flight at a time: send to result seen, after a warm-up, in microseconds. */
    default Histogram latency(int samples) throws Exception {
        try (PeerProcesses processes = processes()) {
            startWorkers(processes, true);
            int warmUp = Math.min(500, samples / 5);
            Histogram histogram = new Histogram(10_000_000, 3);
            processes.run(driver("latency", warmUp + samples)).stream().skip(warmUp).mapToLong(Long::parseLong)
                    .forEach(micros -> histogram.recordValue(Math.max(1, micros)));
            return histogram;
        } finally {
            clean();
        }
    }

    private void clean() throws Exception {
        try (PeerProcesses processes = processes()) {
            processes.run(driver("clean", 0));
        }
    }
}
