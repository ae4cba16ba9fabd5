package io.taskmill.client;

import io.taskmill.transport.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What a contract of the client API needs on any broker: a deployment of its own, a client
 * on it, workers started through {@link #worker()}, all closed and cleaned up after each test.
 */
abstract class ClientContract {

    protected final RemoteBroker broker;
    protected final List<TaskmillWorker> workers = new ArrayList<>();
    private final List<TaskmillClient> clients = new ArrayList<>();
    protected Topology topology;
    protected TaskmillClient client;

    ClientContract(RemoteBroker broker) {
        this.broker = broker;
    }

    @BeforeEach
    void deploy() {
        topology = new Topology("taskmill.test-" + UUID.randomUUID().toString().substring(0, 8));
        client = connect();
    }

    @AfterEach
    void tearDown() {
        workers.forEach(TaskmillWorker::close);
        clients.forEach(TaskmillClient::close);
        broker.cleanUp(topology);
    }

    /** Another client of the deployment, closed after the test. */
    TaskmillClient connect() {
        TaskmillClient connected = TaskmillClient.connect(options());
        clients.add(connected);
        return connected;
    }

    ClientOptions options() {
        return options(broker);
    }

    /** The deployment's options on {@code reached}: the same broker, reached another way. */
    ClientOptions options(RemoteBroker reached) {
        return new ClientOptions(reached.address(), topology, Topology.DEFAULT_QUEUE, 0,
                ClientOptions.DEFAULT_TIME_LIMIT);
    }

    /** A worker of the deployment, to configure and start with {@link #started}. */
    TaskmillWorker.Builder worker() {
        return TaskmillWorker.on(broker.uri()).prefix(topology.prefix());
    }

    TaskmillWorker started(TaskmillWorker.Builder builder) {
        TaskmillWorker worker = builder.start();
        workers.add(worker);
        return worker;
    }
}
