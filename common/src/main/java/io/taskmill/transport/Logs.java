package io.taskmill.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The logs a deployment keeps beside its work queues. Their names are taken: no work queue
 * may have one (see {@link Topology#workQueue(String)}), and removing a deployment removes
 * every log listed here.
 */
public final class Logs {

    /** Completion events, batch openings and seals, join fences, cancellations: what a join reads. */
    public static final LogSpec EVENTS = LogSpec.keptAsDeployed("events");

    /** Rare messages every worker follows (cancellations), apart from the event log; read whole at start. */
    public static final LogSpec CONTROL = LogSpec.keptAsDeployed("control");

    /** Every worker's heartbeat, so that a fleet can be listed: kept an hour, never a history. */
    public static final LogSpec PRESENCE = LogSpec.kept("presence", LogRetention.byAge(Duration.ofHours(1)));

    /**
     * Periodic schedules as people define them, and the schedulers' claims of ticks: kept by
     * size alone (1 GB), as a definition lives until removed; a tick a second claimed costs
     * about 10 MB a day.
     */
    public static final LogSpec SCHEDULES = LogSpec.kept("schedules", LogRetention.bySize(1_000_000_000L));

    /**
     * Unique keys' claims and verdicts (see {@code io.taskmill.unique.UniqueKeys}): a week, the
     * longest window a key may ask for, and at most 1 GB.
     */
    public static final LogSpec UNIQUE = LogSpec.kept("unique", LogRetention.of(Duration.ofDays(7), 1_000_000_000L));

    /** The logs of one partition of events; a deployment with several has {@link EventPartitions#logs()} too. */
    public static final List<LogSpec> ALL = List.of(EVENTS, CONTROL, PRESENCE, SCHEDULES, UNIQUE);

    /**
     * Made by a transport as it connects: every process appends to or reads them, some of it
     * on a broker client's own threads (an outcome appended once a dead letter is confirmed),
     * where a first use could not wait for the broker to declare them. With several event
     * partitions, they are made beside the one event log of before.
     */
    public static List<LogSpec> everyProcess(EventPartitions partitions) {
        List<LogSpec> logs = new ArrayList<>(partitions.readable());
        logs.add(CONTROL);
        logs.add(PRESENCE);
        return logs;
    }

    private Logs() {
    }

    /** Whether a log of this deployment has the short name, or could have (an event partition). */
    public static boolean taken(String shortName) {
        return ALL.stream().anyMatch(log -> log.name().equals(shortName)) || EventPartitions.isPartition(shortName);
    }
}
