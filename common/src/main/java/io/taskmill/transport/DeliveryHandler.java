package io.taskmill.transport;

/**
 * Receives task deliveries. Called on the transport's dispatch thread, one delivery at a
 * time per subscription: hand the work off to another thread and return quickly, since
 * the next delivery waits for this call.
 */
@FunctionalInterface
public interface DeliveryHandler {

    void onDelivery(Delivery delivery);
}
