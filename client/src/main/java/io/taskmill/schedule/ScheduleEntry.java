package io.taskmill.schedule;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What the schedule log holds: definitions, removals, and the schedulers' claims and firings of ticks. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ScheduleEntry.Defined.class, name = "defined"),
        @JsonSubTypes.Type(value = ScheduleEntry.Removed.class, name = "removed"),
        @JsonSubTypes.Type(value = ScheduleEntry.Claimed.class, name = "claimed"),
        @JsonSubTypes.Type(value = ScheduleEntry.Fired.class, name = "fired"),
        @JsonSubTypes.Type(value = ScheduleEntry.Fence.class, name = "fence")})
public sealed interface ScheduleEntry {

    /** A schedule added, or replaced under its name. */
    record Defined(Schedule schedule) implements ScheduleEntry {
    }

    record Removed(String name, long at) implements ScheduleEntry {
    }

    /**
     * A scheduler's bid to submit one tick of a definition. The first claim of a tick in log
     * order wins; every scheduler reads the log in that order, so all agree on the winner.
     */
    record Claimed(String id, long tick, String claim, String by, long at) implements ScheduleEntry {
    }

    /** The winner submitted the tick as {@code batch}. */
    record Fired(String id, long tick, String batch, String by, long at) implements ScheduleEntry {
    }

    /** A reader's marker: read back, it has seen everything appended before it. */
    record Fence(String id) implements ScheduleEntry {
    }
}
