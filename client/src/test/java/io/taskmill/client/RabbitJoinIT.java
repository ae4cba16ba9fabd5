package io.taskmill.client;

/** The join contract on the machine's RabbitMQ. */
class RabbitJoinIT extends RemoteJoinContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.rabbitmq();
    }
}
