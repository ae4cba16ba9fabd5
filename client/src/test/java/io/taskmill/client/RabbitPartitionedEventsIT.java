package io.taskmill.client;

/** The partitioned event log on the machine's RabbitMQ. */
class RabbitPartitionedEventsIT extends PartitionedEventsContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.rabbitmq();
    }
}
