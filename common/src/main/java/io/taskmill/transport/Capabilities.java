package io.taskmill.transport;

import java.util.OptionalInt;

/**
 * What a transport can promise. Callers check it and refuse, in one line, what a transport
 * lacks; no transport emulates a promise behind the user's back.
 *
 * @param deliveryLimit          deliveries of one message after which the broker itself gives
 *                               up on it, when the broker has such a limit
 * @param countsDeliveries       whether {@link Delivery#previousDeliveries()} is the broker's count
 * @param brokerSideDelay        whether {@link WorkQueue#publishLater} is held by the broker, with
 *                               no thread of this process waiting
 * @param deadLetterQueue        whether dead letters are kept in the broker to list, replay and purge
 * @param rereadableLog          whether the event log can be read again from a point in time by
 *                               another process (what a re-join needs)
 * @param flowControl            whether the broker tells publishers to pause ({@link FlowListener})
 * @param sharedAcrossProcesses  whether other processes can reach this broker at all
 * @param maxMessageBytes        the largest message the broker takes by default
 * @param lanes                  whether work queues have {@linkplain Lane lanes} (priorities, keys)
 */
public record Capabilities(OptionalInt deliveryLimit, boolean countsDeliveries, boolean brokerSideDelay,
                           boolean deadLetterQueue, boolean rereadableLog, boolean flowControl,
                           boolean sharedAcrossProcesses, int maxMessageBytes, boolean lanes) {
}
