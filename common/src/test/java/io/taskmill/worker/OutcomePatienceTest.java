package io.taskmill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskmill.handler.HandlerRegistry;
import io.taskmill.task.BatchId;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.ForwardingTransport;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import io.taskmill.transport.memory.MemoryTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A worker whose outcomes the broker never confirms gives up loudly instead of holding its tasks forever. */
class OutcomePatienceTest {

    /** The in-JVM transport, but an event log that never takes an entry: a broker session gone bad. */
    private static final class DeafEvents extends ForwardingTransport {

        DeafEvents(Transport delegate) {
            super(delegate);
        }

        /** The event log takes nothing: what a broker that stopped answering looks like to a worker. */
        @Override
        public EventLog log(LogSpec spec) {
            EventLog log = super.log(spec);
            if (!spec.equals(Logs.EVENTS)) {
                return log;
            }
            return new EventLog() {
                @Override
                public CompletableFuture<Void> append(byte[] body) {
                    return CompletableFuture.failedFuture(new TransportException("no answer from the broker"));
                }

                @Override
                public Subscription read(long fromEpochMillis, EventHandler handler) {
                    return log.read(fromEpochMillis, handler);
                }
            };
        }

        @Override
        public boolean connected() {
            return true;
        }
    }

    @Test
    void outcomesUnconfirmedForThePatienceEndTheWorkersSession() throws Exception {
        TaskCodec codec = new TaskCodec();
        Transport transport = new DeafEvents(MemoryTransport.open(BrokerAddress.parse("mem://deaf-" + UUID.randomUUID()),
                Topology.defaults()));
        MovableClock clock = new MovableClock();
        AtomicReference<TransportException> lost = new AtomicReference<>();
        WorkerEngine engine = new WorkerEngine(transport, HandlerRegistry.load(), codec,
                new WorkerConfig("default", 1, 4, "deaf-worker"), clock, new WorkerListener() {
                    @Override
                    public void lost(TransportException reason) {
                        lost.set(reason);
                    }
                });
        engine.start();
        try {
            TaskEnvelope task = TaskEnvelope.create(new TaskId(BatchId.create(Instant.now()), 0), "noop",
                    codec.mapper().createObjectNode(), 60_000, clock.millis());
            transport.workQueue("default").publish(codec.encode(task), task.id()).join();

            // Time moves on while the worker keeps trying (every 2 s of real time): a minute per look.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                clock.advance(Duration.ofMinutes(1));
                return lost.get() != null;
            });
            assertThat(lost.get()).hasMessageContaining("confirmed no outcome of this worker for 5 minutes")
                    .hasMessageContaining("no answer from the broker");
            assertThat(engine.completed()).isZero();
        } finally {
            engine.drain(Duration.ofSeconds(1));
        }
    }
}
