package io.taskmill.client;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The join contract on the in-JVM transport: every client shares one mem:// broker with embedded workers. */
class EmbeddedJoinTest extends JoinContract {

    private final BrokerAddress broker = BrokerAddress.parse("mem://join-" + UUID.randomUUID());
    private final List<TaskmillClient> clients = new ArrayList<>();

    @Override
    TaskmillClient client(Clock clock) {
        TaskmillClient client = TaskmillClient.connect(new ClientOptions(broker, Topology.defaults(),
                Topology.DEFAULT_QUEUE, 2, ClientOptions.DEFAULT_TIME_LIMIT), clock);
        clients.add(client);
        return client;
    }

    @Override
    TaskmillClient producer(Duration beat) {
        return TaskmillClient.connect(new ClientOptions(broker, Topology.defaults(),
                Topology.DEFAULT_QUEUE, 2, ClientOptions.DEFAULT_TIME_LIMIT), Clock.systemUTC(), beat);
    }

    @AfterEach
    void close() {
        clients.forEach(TaskmillClient::close);
    }
}
