package io.taskmill.client;

/** The Pool API on the machine's RabbitMQ, its work queue spread over three partitions. */
class RabbitPartitionedPoolApiIT extends RemotePoolApiContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.rabbitmq().withOptions("partitions=3");
    }
}
