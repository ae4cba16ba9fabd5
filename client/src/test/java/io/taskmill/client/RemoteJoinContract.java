package io.taskmill.client;

import io.taskmill.handler.HandlerRegistry;
import io.taskmill.task.TaskCodec;
import io.taskmill.testing.TestTopology;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import io.taskmill.worker.WorkerConfig;
import io.taskmill.worker.WorkerEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The join contract on a real broker, with a worker engine on its own connection. */
abstract class RemoteJoinContract extends JoinContract {

    private final Topology topology = TestTopology.unique();
    private final List<TaskmillClient> clients = new ArrayList<>();
    private Transport workerTransport;
    private WorkerEngine worker;

    abstract RemoteBroker broker();

    @BeforeEach
    void startWorker() {
        workerTransport = Transports.open(broker().address(), topology);
        worker = new WorkerEngine(workerTransport, HandlerRegistry.load(), new TaskCodec(),
                new WorkerConfig(Topology.DEFAULT_QUEUE, 2, 16, "join-it-worker"), Clock.systemUTC());
        worker.start();
    }

    @Override
    TaskmillClient client(Clock clock) {
        TaskmillClient client = TaskmillClient.connect(ClientOptions.remote(broker().address(), topology,
                Topology.DEFAULT_QUEUE), clock);
        clients.add(client);
        return client;
    }

    @Override
    TaskmillClient producer(Duration beat) {
        return TaskmillClient.connect(ClientOptions.remote(broker().address(), topology,
                Topology.DEFAULT_QUEUE), Clock.systemUTC(), beat);
    }

    @AfterEach
    void close() {
        clients.forEach(TaskmillClient::close);
        worker.drain(Duration.ofSeconds(10));
        workerTransport.close();
        broker().cleanUp(topology);
    }
}
