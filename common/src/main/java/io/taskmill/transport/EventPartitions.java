package io.taskmill.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * How many logs a deployment's events are spread over ({@code event-partitions} in the
 * broker URI): a batch's events all go to the partition of its id, so that a join reads
 * the traffic of its partition alone, not every batch's. One partition is the log
 * {@code events} as it always was; N are {@code events-p0} to {@code events-p<N-1>}.
 *
 * <p>The partition of a batch is the CRC-32 (as zlib's {@code crc32}) of its id's UTF-8
 * bytes, modulo N, so a producer in any language finds it. Producers and joins of a
 * deployment take the same count; a worker writes a task's outcome to the log the task
 * names ({@code taskmill-events}), whatever its own count.
 *
 * @param count 1 to {@value #MAX}
 */
public record EventPartitions(int count) {

    public static final int MAX = 32;
    public static final EventPartitions ONE = new EventPartitions(1);
    /** The URI parameter it reads. */
    public static final Set<String> PARAMETERS = Set.of("event-partitions");

    private static final String PARTITION_MARK = "-p";
    private static final Pattern PARTITION_NAME = Pattern.compile(Pattern.quote(Logs.EVENTS.name() + PARTITION_MARK) + "\\d+");
    /** Partition k of any count, made once: a batch's partition is asked for at every append. */
    private static final List<LogSpec> PARTITIONS = IntStream.range(0, MAX)
            .mapToObj(index -> LogSpec.keptAsDeployed(Logs.EVENTS.name() + PARTITION_MARK + index)).toList();
    /** Every event log a task may name, read for each delivery. */
    private static final Map<String, LogSpec> NAMED = Stream.concat(Stream.of(Logs.EVENTS), PARTITIONS.stream())
            .collect(Collectors.toUnmodifiableMap(LogSpec::name, log -> log));

    public EventPartitions {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("event-partitions must be 1 to " + MAX + ", was " + count);
        }
    }

    public static EventPartitions of(UriOptions uri) {
        return new EventPartitions(uri.integer("event-partitions", 1));
    }

    /** The log that holds every event of this batch. */
    public LogSpec of(String batch) {
        if (count == 1) {
            return Logs.EVENTS;
        }
        CRC32 crc = new CRC32();
        crc.update(batch.getBytes(StandardCharsets.UTF_8));
        return PARTITIONS.get((int) (crc.getValue() % count));
    }

    /** The logs that may hold a batch, in the order to look: its partition, then the one log of before. */
    public List<LogSpec> holding(String batch) {
        LogSpec own = of(batch);
        return own.equals(Logs.EVENTS) ? List.of(own) : List.of(own, Logs.EVENTS);
    }

    /** The logs events are written to. */
    public List<LogSpec> logs() {
        return count == 1 ? List.of(Logs.EVENTS) : PARTITIONS.subList(0, count);
    }

    /**
     * What a reader of every batch follows: the partitions and, on a deployment that has
     * several, the one log it had before, whose batches stay readable.
     */
    public List<LogSpec> readable() {
        List<LogSpec> logs = new ArrayList<>(logs());
        if (count > 1) {
            logs.add(Logs.EVENTS);
        }
        return logs;
    }

    /**
     * The event log of this short name, as a task's header names it: {@code events}, or a
     * partition under any count a deployment may have.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static LogSpec named(String shortName) {
        LogSpec log = NAMED.get(shortName);
        if (log != null) {
            return log;
        }
        throw new IllegalArgumentException("not an event log: '" + shortName + "' (events, or events-p0 to events-p"
                + (MAX - 1) + ")");
    }

    /** Whether a short name is one of the event log's partitions under any count. */
    static boolean isPartition(String shortName) {
        return PARTITION_NAME.matcher(shortName).matches();
    }
}
