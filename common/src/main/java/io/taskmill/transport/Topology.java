package io.taskmill.transport;

import java.util.regex.Pattern;

/**
 * Where a deployment's names live: every queue is {@code <prefix>.<name>}, so several
 * deployments can share one broker. The work queue {@code default} is therefore
 * {@code taskmill.default}, its dead-letter queue {@code taskmill.default.dlq}, its retry
 * delay queues {@code taskmill.default.retry.N}, and the event log {@code taskmill.events}.
 *
 * @param prefix        the namespace, {@code taskmill} by default
 * @param queueType     how work queues are declared
 * @param deliveryLimit deliveries of one message before the broker dead-letters it (quorum
 *                      queues): the backstop for a task that kills every worker it reaches
 */
public record Topology(String prefix, QueueType queueType, int deliveryLimit) {

    public static final int DEFAULT_DELIVERY_LIMIT = 5;

    public static final String DEFAULT_PREFIX = "taskmill";
    public static final String DEFAULT_QUEUE = "default";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    public enum QueueType {
        QUORUM, CLASSIC;

        /** {@code quorum} or {@code classic}, in any case. */
        public static QueueType parse(String text) {
            for (QueueType type : values()) {
                if (type.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return type;
                }
            }
            throw new IllegalArgumentException("queue type must be quorum or classic, was '" + text + "'");
        }
    }

    public Topology {
        if (prefix == null || !NAME.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be letters, digits, '-', '_' and dots, was '" + prefix + "'");
        }
        if (queueType == null) {
            throw new IllegalArgumentException("queue type is required");
        }
        if (deliveryLimit < 2) {
            throw new IllegalArgumentException("delivery limit must be >= 2, was " + deliveryLimit);
        }
    }

    public Topology(String prefix, QueueType queueType) {
        this(prefix, queueType, DEFAULT_DELIVERY_LIMIT);
    }

    public static Topology defaults() {
        return new Topology(DEFAULT_PREFIX, QueueType.QUORUM);
    }

    /** The full name of a work queue; accepts the short name or the already-prefixed one. */
    public String workQueue(String name) {
        String shortName = name.startsWith(prefix + ".") ? name.substring(prefix.length() + 1) : name;
        if (!NAME.matcher(shortName).matches() || shortName.endsWith(".dlq") || shortName.contains(".retry.")
                || shortName.equals("events") || shortName.equals("control")) {
            throw new IllegalArgumentException("not a usable queue name: '" + name + "'");
        }
        return prefix + "." + shortName;
    }

    public String deadLetterQueue(String name) {
        return workQueue(name) + ".dlq";
    }

    /**
     * Where a task waits before its attempt {@code attempt + 1}: one delay queue per attempt,
     * so the delays that share a queue are alike and none waits long behind another.
     */
    public String retryQueue(String name, int attempt) {
        return workQueue(name) + ".retry." + attempt;
    }

    public String eventLog() {
        return prefix + ".events";
    }

    /** Cancellations, which every worker follows. */
    public String controlLog() {
        return prefix + ".control";
    }
}
