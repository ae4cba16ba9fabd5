package io.taskmill.transport;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Room for unsettled deliveries in a {@link TaskSubscription} that pulls its messages (NATS,
 * Redis): a permit per delivery the broker may hand out now. A window made smaller owes
 * permits, paid back as held deliveries are settled, so what was held before a resize stays
 * held and is settled as before.
 */
public final class DeliveryWindow {

    private final Room room;
    private int size;

    public DeliveryWindow(int size) {
        this.size = TaskSubscription.requireWindow(size);
        this.room = new Room(size);
    }

    /** See {@link TaskSubscription#resize}. */
    public synchronized void resize(int deliveries) {
        TaskSubscription.requireWindow(deliveries);
        if (deliveries > size) {
            room.release(deliveries - size);
        } else {
            room.shrink(size - deliveries);
        }
        size = deliveries;
    }

    /**
     * Waits up to {@code millis} for room, then takes all there is.
     *
     * @return how many deliveries may be pulled now, 0 if none within the wait
     */
    public int take(long millis) throws InterruptedException {
        if (!room.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            return 0;
        }
        return 1 + room.takeAvailable();
    }

    /** Gives back room: a delivery settled, or room taken and not used. */
    public void release(int deliveries) {
        if (deliveries > 0) {
            room.release(deliveries);
        }
    }

    /** A semaphore that may go below zero permits: room owed by a window made smaller. */
    private static final class Room extends Semaphore {

        Room(int permits) {
            super(permits);
        }

        void shrink(int by) {
            reducePermits(by);
        }

        /** Every permit free now, none if the window owes some (drainPermits would forgive the debt). */
        int takeAvailable() {
            while (true) {
                int free = availablePermits();
                if (free <= 0) {
                    return 0;
                }
                if (tryAcquire(free)) {
                    return free;
                }
            }
        }
    }
}
