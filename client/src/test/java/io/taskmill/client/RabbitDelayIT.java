package io.taskmill.client;

/** Delayed tasks on the machine's RabbitMQ, through the delay ladder. */
class RabbitDelayIT extends DelayContract {

    RabbitDelayIT() {
        super(RemoteBroker.rabbitmq());
    }
}
