package io.taskmill.transport;

import java.util.regex.Pattern;

/**
 * Where a deployment's names live: every queue and log is {@code <prefix>.<name>}, so
 * several deployments can share one broker. The work queue {@code default} is therefore
 * {@code taskmill.default}, its dead-letter queue {@code taskmill.default.dlq}, and the
 * event log ({@link Logs#EVENTS}) {@code taskmill.events}. How a transport lays these out on its broker, and
 * what else it declares, is its own business.
 *
 * @param prefix the namespace, {@code taskmill} by default
 */
public record Topology(String prefix) {

    public static final String DEFAULT_PREFIX = "taskmill";

    public static final String DEFAULT_QUEUE = "default";
    /** What marks a partition of a work queue past the first in its name ({@code default.part-2}). */
    public static final String PARTITION_MARK = "part-";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    public Topology {
        if (prefix == null || !NAME.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be letters, digits, '-', '_' and dots, was '" + prefix + "'");
        }
    }

    public static Topology defaults() {
        return new Topology(DEFAULT_PREFIX);
    }

    /** The full name of a work queue; accepts the short name or the already-prefixed one. */
    public String workQueue(String name) {
        String shortName = name.startsWith(prefix + ".") ? name.substring(prefix.length() + 1) : name;
        if (!NAME.matcher(shortName).matches() || shortName.endsWith(".dlq") || shortName.contains(".retry.")
                || Logs.taken(shortName)
                || shortName.startsWith(Lane.NAME_MARK) || shortName.contains("." + Lane.NAME_MARK)
                || shortName.startsWith(PARTITION_MARK) || shortName.contains("." + PARTITION_MARK)) {
            throw new IllegalArgumentException("not a usable queue name: '" + name + "'");
        }
        return prefix + "." + shortName;
    }

    /** The queue of one lane of a work queue: the work queue itself for the default lane. */
    public String workQueue(String name, Lane lane) {
        return lane.isDefault() ? workQueue(name) : workQueue(name) + "." + lane.suffix();
    }

    /**
     * The queue of one lane of one partition of a work queue: partition 0 is the queue as it
     * is without partitions, so a queue that gains partitions keeps its backlog in the first.
     */
    public String workQueue(String name, Lane lane, int partition) {
        return partition == 0 ? workQueue(name, lane) : workQueue(name, lane) + "." + PARTITION_MARK + partition;
    }

    public String deadLetterQueue(String name) {
        return workQueue(name) + ".dlq";
    }

    /** The full name of one of the deployment's logs. */
    public String log(LogSpec log) {
        return prefix + "." + log.name();
    }
}
