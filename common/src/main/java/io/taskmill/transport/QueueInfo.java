package io.taskmill.transport;

/** A queue's name, messages ready for delivery, and consumers; {@code exists} false when undeclared. */
public record QueueInfo(String name, boolean exists, long messages, int consumers) {
}
