package io.taskmill.transport;

/**
 * Where a {@link Subscription} stands. {@code ACTIVE → RECOVERING → ACTIVE} as often as the
 * broker drops it; {@code RECOVERING → FAILED} when it could not subscribe again in time;
 * {@code STOPPED} once cancelled or closed. FAILED and STOPPED are final.
 */
public enum SubscriptionState {
    /** Subscribed: deliveries flow. */
    ACTIVE,
    /** Lost (connection, channel, or a broker-side cancel) and subscribing again with backoff. */
    RECOVERING,
    /** Gave up: see {@link Subscription#failure()}. */
    FAILED,
    /** Cancelled or closed by its owner. */
    STOPPED
}
