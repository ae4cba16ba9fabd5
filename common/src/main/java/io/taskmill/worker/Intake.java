package io.taskmill.worker;

import io.taskmill.transport.Delivery;
import io.taskmill.transport.Lane;
import io.taskmill.transport.Priority;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The deliveries a worker holds and has not started, and the rule for which starts next:
 * the highest priority waiting, except that a waiting level is passed over at most
 * {@link #PASS_LIMIT} times in a row, so low priorities always progress; within a level,
 * turns between its lanes (the unkeyed lane and each key slot that has work), so that one
 * key's backlog takes at most its share of the worker. Thread-safe.
 */
final class Intake {

    /** A waiting level gets at least one start of every {@code PASS_LIMIT + 1}. */
    static final int PASS_LIMIT = 8;

    private final Map<Priority, Level> levels = new EnumMap<>(Priority.class);
    private final Map<Priority, Integer> passedOver = new EnumMap<>(Priority.class);

    Intake() {
        for (Priority priority : Priority.values()) {
            levels.put(priority, new Level());
            passedOver.put(priority, 0);
        }
    }

    /**
     * A delivery waiting here, with the lane it came from (and goes back to, if handed back).
     *
     * @param since epoch millis when it arrived
     */
    record Held(Lane lane, Delivery delivery, long since) {
    }

    synchronized void add(Lane lane, Delivery delivery, long now) {
        levels.get(lane.priority()).add(lane.slot(), new Held(lane, delivery, now));
    }

    /** Takes out the deliveries that arrived before {@code before}, to be handed back: they waited too long here. */
    synchronized List<Held> takeWaitingSince(long before) {
        List<Held> stale = new ArrayList<>();
        for (Level level : levels.values()) {
            level.takeArrivedBefore(before, stale);
        }
        return stale;
    }

    synchronized int size() {
        int waiting = 0;
        for (Level level : levels.values()) {
            waiting += level.waiting;
        }
        return waiting;
    }

    /**
     * Takes out a delivery this worker would start late, to be handed back: of the lowest
     * priority waiting, the newest of a lane; null when none waits.
     */
    synchronized Held last() {
        Priority[] order = Priority.values();
        for (int i = order.length - 1; i >= 0; i--) {
            Level level = levels.get(order[i]);
            if (!level.isEmpty()) {
                return level.pollLast();
            }
        }
        return null;
    }

    /** The delivery to start now, or null when none waits. */
    synchronized Delivery next() {
        Priority chosen = null;
        for (Priority priority : Priority.values()) {
            if (levels.get(priority).isEmpty()) {
                passedOver.put(priority, 0);
            } else if (chosen == null || passedOver.get(priority) >= PASS_LIMIT) {
                // The highest waiting level, unless a lower one has waited its limit: the lowest such wins.
                chosen = priority;
            }
        }
        if (chosen == null) {
            return null;
        }
        for (Priority priority : Priority.values()) {
            if (priority != chosen && !levels.get(priority).isEmpty()) {
                passedOver.merge(priority, 1, Integer::sum);
            }
        }
        passedOver.put(chosen, 0);
        return levels.get(chosen).poll().delivery();
    }

    /** One priority's lanes: the unkeyed one (index 0) and one per key slot, taken in turn. */
    private static final class Level {

        @SuppressWarnings("unchecked")
        private final ArrayDeque<Held>[] lanes = new ArrayDeque[Lane.KEY_SLOTS + 1];
        private int waiting;
        private int turn;

        Level() {
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = new ArrayDeque<>();
            }
        }

        void add(int slot, Held delivery) {
            lanes[slot + 1].addLast(delivery);
            waiting++;
        }

        boolean isEmpty() {
            return waiting == 0;
        }

        void takeArrivedBefore(long before, List<Held> into) {
            for (ArrayDeque<Held> lane : lanes) {
                Iterator<Held> waitingHere = lane.iterator();
                while (waitingHere.hasNext()) {
                    Held held = waitingHere.next();
                    if (held.since() < before) {
                        waitingHere.remove();
                        waiting--;
                        into.add(held);
                    }
                }
            }
        }

        Held pollLast() {
            for (int i = lanes.length - 1; i >= 0; i--) {
                if (!lanes[i].isEmpty()) {
                    waiting--;
                    return lanes[i].pollLast();
                }
            }
            return null;
        }

        Held poll() {
            for (int i = 1; i <= lanes.length; i++) {
                int candidate = (turn + i) % lanes.length;
                if (!lanes[candidate].isEmpty()) {
                    turn = candidate;
                    waiting--;
                    return lanes[candidate].pollFirst();
                }
            }
            return null;
        }
    }
}
