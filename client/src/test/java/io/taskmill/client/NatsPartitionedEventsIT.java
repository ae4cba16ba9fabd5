package io.taskmill.client;

/** The partitioned event log on the machine's NATS JetStream. */
class NatsPartitionedEventsIT extends PartitionedEventsContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.nats();
    }
}
