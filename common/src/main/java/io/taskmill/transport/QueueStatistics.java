package io.taskmill.transport;

import java.util.List;
import java.util.function.Function;

/** What a work queue holds now, for people and dashboards. */
@FunctionalInterface
public interface QueueStatistics {

    /** Depth and consumer count of the named work queues, and of their dead-letter queues. */
    List<QueueInfo> status(List<String> queues);

    /** Statistics made of one look per queue: its work queue and its dead letters, say. */
    static QueueStatistics eachQueue(Function<String, List<QueueInfo>> ofOne) {
        return queues -> queues.stream().flatMap(queue -> ofOne.apply(queue).stream()).toList();
    }
}
