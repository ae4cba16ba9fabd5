package io.taskmill.client;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The Pool API on the in-JVM transport with embedded workers. */
class EmbeddedPoolApiTest extends PoolApiContract {

    private Taskmill taskmill;

    @BeforeEach
    void connect() {
        taskmill = Taskmill.connect(new ClientOptions(BrokerAddress.parse("mem://pool-" + UUID.randomUUID()),
                Topology.defaults(), Topology.DEFAULT_QUEUE, 2, ClientOptions.DEFAULT_TIME_LIMIT));
    }

    @AfterEach
    void close() {
        taskmill.close();
    }

    @Override
    Taskmill taskmill() {
        return taskmill;
    }
}
