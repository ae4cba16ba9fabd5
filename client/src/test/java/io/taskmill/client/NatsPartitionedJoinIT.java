package io.taskmill.client;

/** The join contract on the machine's NATS JetStream, its events spread over four partitions. */
class NatsPartitionedJoinIT extends RemoteJoinContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.nats().withOptions("event-partitions=4");
    }
}
