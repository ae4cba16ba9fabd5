package io.taskmill.client;

/** Priorities and fair sharing on the machine's RabbitMQ with each lane spread over three partitions. */
class RabbitPartitionedLaneIT extends LaneContract {

    RabbitPartitionedLaneIT() {
        super(RemoteBroker.rabbitmq().withOptions("partitions=3"));
    }
}
