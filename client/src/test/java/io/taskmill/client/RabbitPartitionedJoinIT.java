package io.taskmill.client;

/** The join contract on the machine's RabbitMQ, its work queue spread over three partitions and its events over four. */
class RabbitPartitionedJoinIT extends RemoteJoinContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.rabbitmq().withOptions("partitions=3&event-partitions=4");
    }
}
