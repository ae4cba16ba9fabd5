package io.taskmill.client;

/** Unique keys on the machine's RabbitMQ, claims ordered by the unique-key log. */
class RabbitUniqueIT extends RemoteUniqueContract {

    RabbitUniqueIT() {
        super(RemoteBroker.rabbitmq());
    }
}
