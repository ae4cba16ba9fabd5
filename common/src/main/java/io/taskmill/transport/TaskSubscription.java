package io.taskmill.transport;

/**
 * A worker's subscription to a work queue: a {@link Subscription} whose window of
 * unsettled deliveries can change while it runs, so that a worker holds about as much
 * work as it can start soon, whatever its tasks cost.
 */
public interface TaskSubscription extends Subscription {

    /**
     * From now on at most {@code window} deliveries are held unsettled, once those held
     * before the resize are settled: they stay held and are settled as before. Until then a
     * broker may hand out up to {@code window} beside them (RabbitMQ does: its new window is
     * a new consumer's), so a caller that shrinks the window hands back what it cannot start.
     *
     * @throws IllegalArgumentException for a window below 1
     */
    void resize(int window);

    /** {@code window}, if it is one a subscription can take. */
    static int requireWindow(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("a window must be >= 1, was " + window);
        }
        return window;
    }
}
