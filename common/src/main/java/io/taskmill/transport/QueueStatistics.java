package io.taskmill.transport;

import java.util.List;

/** What a work queue holds now, for people and dashboards. */
@FunctionalInterface
public interface QueueStatistics {

    /** Depth and consumer count of the named work queues, and of their dead-letter queues. */
    List<QueueInfo> status(List<String> queues);
}
