package io.taskmill.client;

/** The join contract on the machine's RabbitMQ, its events spread over four partitions. */
class RabbitPartitionedJoinIT extends RemoteJoinContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.rabbitmq().withOptions("event-partitions=4");
    }
}
