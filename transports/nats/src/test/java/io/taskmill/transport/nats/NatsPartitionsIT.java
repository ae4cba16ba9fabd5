package io.taskmill.transport.nats;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.taskmill.transport.PartitionContract;

/** Partitioned work queues on the machine's NATS JetStream: a work-queue stream a partition. */
class NatsPartitionsIT extends PartitionContract {

    @Override
    protected String uri(String options) {
        return NatsTestBroker.uri() + "?" + options;
    }

    @Override
    protected long brokerDepth(int partition) throws Exception {
        try (Connection connection = Nats.connect(NatsTestBroker.uri())) {
            return connection.jetStreamManagement().getStreamInfo(new NatsNames(topology).workStream(QUEUE, partition))
                    .getStreamState().getMsgCount();
        }
    }

    @Override
    protected void cleanUp(String uri) {
        NatsTestBroker.deleteStreams(uri, topology);
    }
}
