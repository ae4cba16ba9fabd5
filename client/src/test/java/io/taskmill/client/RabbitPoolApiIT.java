package io.taskmill.client;

/** The Pool API on the machine's RabbitMQ. */
class RabbitPoolApiIT extends RemotePoolApiContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.rabbitmq();
    }
}
