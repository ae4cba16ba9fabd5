package io.taskmill.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where in a work queue a task waits: a queue of its own on the broker per priority, and,
 * for normal-priority tasks that name a key (a tenant, a customer), one of
 * {@link #KEY_SLOTS} key slots chosen by the key's hash. A backlog in one lane holds up no
 * other, and workers take from every lane they hold deliveries of by one rule (the
 * worker's intake), so a later high-priority task or a small tenant's batch does not wait
 * behind a big one.
 *
 * @param priority the task's priority
 * @param slot     the key slot, or {@link #NO_SLOT} for a task without a key or of another priority
 */
public record Lane(Priority priority, int slot) {

    /** Two keys share a slot, and its order, with probability 1/16. */
    public static final int KEY_SLOTS = 16;
    public static final int NO_SLOT = -1;
    public static final Lane DEFAULT = new Lane(Priority.NORMAL, NO_SLOT);
    /** The word a lane's queue name part starts with; no work queue name may use it. */
    public static final String NAME_MARK = "lane-";
    private static final List<Lane> ALL = all(new ArrayList<>());

    public Lane {
        if (priority == null || slot != NO_SLOT && (priority != Priority.NORMAL || slot < 0 || slot >= KEY_SLOTS)) {
            throw new IllegalArgumentException("no lane " + priority + "/" + slot);
        }
    }

    /** A high or low task's lane is its priority's, key or not: priority comes before sharing. */
    public static Lane of(Priority priority, String key) {
        return priority != Priority.NORMAL || key == null || key.isEmpty() ? new Lane(priority, NO_SLOT)
                : new Lane(Priority.NORMAL, slotOf(key));
    }

    /**
     * 32-bit FNV-1a over the key's UTF-8 bytes, modulo {@link #KEY_SLOTS}: easy to compute
     * the same way in any language, and stable across versions.
     */
    public static int slotOf(String key) {
        int hash = 0x811c9dc5;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return Integer.remainderUnsigned(hash, KEY_SLOTS);
    }

    /** Every lane of a work queue, the default first. */
    public static List<Lane> all() {
        return ALL;
    }

    private static List<Lane> all(List<Lane> lanes) {
        lanes.add(DEFAULT);
        lanes.add(new Lane(Priority.HIGH, NO_SLOT));
        lanes.add(new Lane(Priority.LOW, NO_SLOT));
        for (int slot = 0; slot < KEY_SLOTS; slot++) {
            lanes.add(new Lane(Priority.NORMAL, slot));
        }
        return List.copyOf(lanes);
    }

    /** By its fields: a record's generated equals, asked at every publish, showed in the producer's profile. */
    public boolean isDefault() {
        return priority == Priority.NORMAL && slot == NO_SLOT;
    }

    /** What this lane adds to its work queue's name: nothing for the default lane. */
    public String suffix() {
        if (isDefault()) {
            return "";
        }
        return NAME_MARK + (slot == NO_SLOT ? priority.label() : "key-" + slot);
    }
}
