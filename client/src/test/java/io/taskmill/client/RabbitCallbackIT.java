package io.taskmill.client;

/** Batch callbacks on the machine's RabbitMQ: two workers, proposals ordered by the control log. */
class RabbitCallbackIT extends CallbackContract {

    RabbitCallbackIT() {
        super(RemoteBroker.rabbitmq());
    }
}
