package io.taskmill.client;

/** Priorities and fair sharing on the machine's RabbitMQ: a queue per lane. */
class RabbitLaneIT extends LaneContract {

    RabbitLaneIT() {
        super(RemoteBroker.rabbitmq());
    }
}
