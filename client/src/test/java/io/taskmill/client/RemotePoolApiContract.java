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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The Pool API on a real broker, with a worker engine on its own connection. */
abstract class RemotePoolApiContract extends PoolApiContract {

    private final Topology topology = TestTopology.unique();
    private Transport workerTransport;
    private WorkerEngine worker;
    private Taskmill taskmill;

    abstract RemoteBroker broker();

    @BeforeEach
    void connect() {
        workerTransport = Transports.open(broker().address(), topology);
        worker = new WorkerEngine(workerTransport, HandlerRegistry.load(), new TaskCodec(),
                new WorkerConfig(Topology.DEFAULT_QUEUE, 3, 16, "it-worker"), Clock.systemUTC());
        worker.start();
        taskmill = Taskmill.connect(ClientOptions.remote(broker().address(), topology, Topology.DEFAULT_QUEUE));
    }

    @AfterEach
    void close() {
        taskmill.close();
        worker.drain(Duration.ofSeconds(10));
        workerTransport.close();
        broker().cleanUp(topology);
    }

    /** On a deployment of its own, which no worker takes from. */
    @org.junit.jupiter.api.Test
    void aTimedGetOnAQueueNobodyConsumesSaysSo() {
        Topology unattended = TestTopology.unique();
        try (Taskmill idle = Taskmill.connect(ClientOptions.remote(broker().address(), unattended,
                Topology.DEFAULT_QUEUE))) {
            var future = idle.submit("noop", java.util.Map.of()).thenApply(result -> "done");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> future.get(3, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class)
                    .hasMessageStartingWith("task ")
                    .hasMessageContaining(" not done within 3 seconds: no consumer on queue default (0 live workers)");
        } finally {
            broker().cleanUp(unattended);
        }
    }

    @Override
    Taskmill taskmill() {
        return taskmill;
    }
}
