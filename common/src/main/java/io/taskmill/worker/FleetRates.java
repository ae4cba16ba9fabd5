package io.taskmill.worker;

import io.taskmill.fleet.WorkerHeartbeat;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Fleet-wide rate limits, kept by each worker on its own: a worker starts a limited type at
 * {@code limit / n} a second, where {@code n} is the number of live workers on its queue
 * that run the type, itself included, as the presence log tells. Starts are paced evenly
 * (no bursts), so a fleet that grows or shrinks keeps to the limit within a heartbeat or
 * two; a worker that dies without a word is counted until its silence shows, so the fleet
 * runs below the limit meanwhile, never above.
 */
final class FleetRates {

    private final Map<String, Double> limits;
    private final Supplier<List<WorkerHeartbeat>> fleet;
    private final String queue;
    private final Clock clock;
    private final Map<String, Double> nextStart = new HashMap<>();

    /**
     * @param fleet the live workers other than this one
     */
    FleetRates(Map<String, Double> limits, Supplier<List<WorkerHeartbeat>> fleet, String queue, Clock clock) {
        this.limits = Map.copyOf(limits);
        this.fleet = fleet;
        this.queue = queue;
        this.clock = clock;
    }

    /** Waits for this worker's next turn to start a task of {@code type}; at once for an unlimited type. */
    void awaitTurn(String type) throws InterruptedException {
        Double limit = limits.get(type);
        if (limit == null) {
            return;
        }
        long wait = reserve(type, limit);
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** Takes the next start slot of {@code type}; returns how long until it comes. */
    synchronized long reserve(String type, double limit) {
        double now = clock.millis();
        double slot = Math.max(now, nextStart.getOrDefault(type, now));
        nextStart.put(type, slot + 1_000.0 * sharers(type) / limit);
        return (long) Math.ceil(slot - now);
    }

    /** Live workers of this queue that run {@code type}: at least this one. */
    private int sharers(String type) {
        long others = fleet.get().stream()
                .filter(beat -> beat.runs(queue, type))
                .count();
        return (int) others + 1;
    }
}
