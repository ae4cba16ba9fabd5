package io.taskmill.client;

/** The join contract on the machine's NATS JetStream, its work queue spread over three partitions and its events over four. */
class NatsPartitionedJoinIT extends RemoteJoinContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.nats().withOptions("partitions=3&event-partitions=4");
    }
}
