package io.taskmill.client;

/** Leases on the machine's RabbitMQ, whose {@code consumer_timeout} closes a channel that holds a delivery too long. */
class RabbitLeaseIT extends LeaseContract {

    RabbitLeaseIT() {
        super(RemoteBroker.rabbitmq());
    }
}
