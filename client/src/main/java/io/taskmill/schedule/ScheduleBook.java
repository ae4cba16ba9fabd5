package io.taskmill.schedule;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The schedule log folded: the schedules in force, and per definition the last tick claimed
 * (and by whom) and the last one fired. Not thread-safe: its follower guards it.
 */
final class ScheduleBook {

    private final Map<String, Schedule> byName = new TreeMap<>();
    private final Map<String, ScheduleEntry.Claimed> lastClaim = new HashMap<>();
    /** Per definition, the latest fired ticks, newest last; enough to tell whether a recent claim was fired. */
    private final Map<String, Deque<ScheduleEntry.Fired>> fired = new HashMap<>();
    static final int HISTORY = 1_000;

    /**
     * Applies one entry in log order.
     *
     * @return the claim, when the entry is the winning claim of its tick: the first claim of a
     *         tick later than any claimed before for that definition
     */
    Optional<ScheduleEntry.Claimed> apply(ScheduleEntry entry) {
        if (entry instanceof ScheduleEntry.Defined defined) {
            byName.put(defined.schedule().name(), defined.schedule());
        } else if (entry instanceof ScheduleEntry.Removed removed) {
            byName.remove(removed.name());
        } else if (entry instanceof ScheduleEntry.Claimed claimed) {
            ScheduleEntry.Claimed before = lastClaim.get(claimed.id());
            if (before == null || claimed.tick() > before.tick()) {
                lastClaim.put(claimed.id(), claimed);
                return Optional.of(claimed);
            }
        } else if (entry instanceof ScheduleEntry.Fired fired) {
            Deque<ScheduleEntry.Fired> ticks = this.fired.computeIfAbsent(fired.id(), id -> new ArrayDeque<>());
            if (ticks.stream().noneMatch(seen -> seen.tick() == fired.tick())) {
                ticks.addLast(fired);
                if (ticks.size() > HISTORY) {
                    ticks.removeFirst();
                }
            }
        }
        return Optional.empty();
    }

    List<Schedule> schedules() {
        return List.copyOf(byName.values());
    }

    Optional<Schedule> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The schedule in force with this definition id: none once removed or replaced. */
    Optional<Schedule> definition(String id) {
        return byName.values().stream().filter(schedule -> schedule.id().equals(id)).findFirst();
    }

    Optional<ScheduleEntry.Claimed> lastClaim(String id) {
        return Optional.ofNullable(lastClaim.get(id));
    }

    /** The latest tick fired. */
    Optional<ScheduleEntry.Fired> lastFired(String id) {
        return history(id).stream().max(Comparator.comparingLong(ScheduleEntry.Fired::tick));
    }

    /** The ticks fired lately, each once, in the order their firing was logged. */
    List<ScheduleEntry.Fired> history(String id) {
        return List.copyOf(fired.getOrDefault(id, new ArrayDeque<>()));
    }

    boolean wasFired(String id, long tick) {
        return fired.getOrDefault(id, new ArrayDeque<>()).stream().anyMatch(seen -> seen.tick() == tick);
    }
}
