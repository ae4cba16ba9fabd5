package io.taskmill.worker;

import java.time.Clock;
import java.util.OptionalInt;

/**
 * How many deliveries a worker holds: one per thread, plus as many as its threads can
 * start within {@link #BUDGET_MS}, judged by how long its deliveries have been running;
 * never more than the ceiling. Holding more than that keeps work from an idle worker for
 * the length of a task; holding less costs a round trip per task, which only tasks far
 * shorter than the budget feel, and those get the ceiling.
 *
 * <p>Before anything ran, it holds one delivery per thread, so that the first tasks of a
 * batch of long ones spread over the fleet instead of queueing behind one worker. It
 * resizes only for a change that matters, and, unless it at least doubles, at most once
 * per {@link #SETTLE_MS}, since on some brokers a resize is a round trip per lane.
 */
final class WorkWindow {

    /** Unstarted work a worker may hold, in time: the longest an idle worker waits for it. */
    static final long BUDGET_MS = 200;

    /** The newest delivery's weight in the running mean. */
    static final double WEIGHT = 0.25;

    static final long SETTLE_MS = 1_000;

    /**
     * Tasks held at most, counting a chunk's: the ceiling in deliveries is for deliveries of
     * one task each (each a broker message whose ack waits for its completion's confirm), and
     * deliveries of 100 tasks would otherwise hold 100 times as much. 128 deliveries of the
     * most a producer packs, 100: with 512 of them the README's run of 200,000 no-ops in 2,000
     * messages left each consumer 134 MB resident, not 116.
     */
    static final int MOST_TASKS = 12_800;

    /**
     * A window shrinks only when it holds more than this many budgets' worth: a size at the
     * edge between two (four deliveries of 137 ms on two threads, five of 130 ms) otherwise
     * swung every second and handed back a delivery each time, republished for nothing.
     */
    static final double SHRINK_SLACK = 1.5;

    private final int threads;
    private final int ceiling;
    private final boolean adaptive;
    private final Clock clock;
    private double meanMs = -1;
    private double meanTasks = 1;
    private int size;
    private long resizedAt = Long.MIN_VALUE;

    private WorkWindow(int threads, int ceiling, boolean adaptive, Clock clock) {
        this.threads = threads;
        this.ceiling = ceiling;
        this.adaptive = adaptive;
        this.clock = clock;
        this.size = adaptive ? Math.min(threads, ceiling) : ceiling;
    }

    /** Sized by time, up to {@code ceiling} deliveries however short the tasks. */
    static WorkWindow byTime(int threads, int ceiling, Clock clock) {
        return new WorkWindow(threads, ceiling, true, clock);
    }

    /** Always {@code size} deliveries: a prefetch the operator chose. */
    static WorkWindow fixed(int threads, int size, Clock clock) {
        return new WorkWindow(threads, size, false, clock);
    }

    synchronized int size() {
        return size;
    }

    /** The running mean of deliveries' run time; 0 before any ran. */
    synchronized double meanMillis() {
        return Math.max(0, meanMs);
    }

    /** Unstarted deliveries the current size leaves room for beside one running on each thread. */
    synchronized int unstarted() {
        return Math.max(0, size - threads);
    }

    /**
     * Records how long a delivery ran (all its tasks, for a chunk) and how many tasks it held.
     *
     * @return the new size when the window should change now
     */
    synchronized OptionalInt ran(long millis, int tasks) {
        if (!adaptive) {
            return OptionalInt.empty();
        }
        meanTasks = meanMs < 0 ? tasks : meanTasks + WEIGHT * (tasks - meanTasks);
        meanMs = meanMs < 0 ? millis : meanMs + WEIGHT * (millis - meanMs);
        int wanted = wanted(BUDGET_MS);
        if (wanted < size && wanted(BUDGET_MS * SHRINK_SLACK) >= size) {
            return OptionalInt.empty();
        }
        long now = clock.millis();
        // Doubling at once: a cold first delivery (class loading, a JIT not yet warm) must not hold
        // a worker of short tasks to a few deliveries for a second.
        boolean settling = now - resizedAt < SETTLE_MS && resizedAt != Long.MIN_VALUE && wanted < 2 * size;
        if (wanted == size || !matters(wanted) || settling) {
            return OptionalInt.empty();
        }
        size = wanted;
        resizedAt = now;
        return OptionalInt.of(wanted);
    }

    private int wanted(double budgetMs) {
        double startable = meanMs <= 0 ? ceiling : threads * budgetMs / meanMs;
        int most = (int) Math.max(threads, Math.min(ceiling, MOST_TASKS / Math.max(1, meanTasks)));
        return (int) Math.max(1, Math.min(most, threads + Math.floor(Math.min(startable, ceiling))));
    }

    /** Any change among the few deliveries of long tasks; a quarter or more among many short ones. */
    private boolean matters(int wanted) {
        return Math.min(wanted, size) <= 2 * threads || Math.abs(wanted - size) * 4 >= size;
    }
}
