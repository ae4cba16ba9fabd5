package io.taskmill.client;

import io.taskmill.handler.HandlerRegistry;
import io.taskmill.task.TaskCodec;
import io.taskmill.testing.TestBroker;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import io.taskmill.worker.WorkerConfig;
import io.taskmill.worker.WorkerEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The Pool API on the machine's RabbitMQ, with a worker engine on its own connection. */
class RabbitPoolApiIT extends PoolApiContract {

    private Topology topology;
    private Transport workerTransport;
    private WorkerEngine worker;
    private Taskmill taskmill;

    @BeforeEach
    void connect() {
        topology = TestBroker.uniqueTopology();
        workerTransport = Transports.open(TestBroker.address(), topology);
        worker = new WorkerEngine(workerTransport, HandlerRegistry.load(), new TaskCodec(),
                new WorkerConfig(Topology.DEFAULT_QUEUE, 3, 16, "it-worker"), Clock.systemUTC());
        worker.start();
        taskmill = Taskmill.connect(ClientOptions.remote(TestBroker.address(), topology, Topology.DEFAULT_QUEUE));
    }

    @AfterEach
    void close() {
        taskmill.close();
        worker.drain(Duration.ofSeconds(10));
        workerTransport.close();
        TestBroker.deleteQueues(TestBroker.uri(), topology, List.of(Topology.DEFAULT_QUEUE));
    }

    @Override
    Taskmill taskmill() {
        return taskmill;
    }
}
