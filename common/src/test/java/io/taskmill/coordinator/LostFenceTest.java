package io.taskmill.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskmill.task.BatchId;
import io.taskmill.task.BatchOpened;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.JoinFence;
import io.taskmill.task.MalformedMessageException;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskId;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.ForwardingTransport;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.memory.MemoryTransport;
import io.taskmill.worker.MovableClock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A join whose fence the broker confirmed and then lost (a RabbitMQ node killed with -9 came
 * back without its last entries) writes it again and ends, where it read without end before.
 */
class LostFenceTest {

    private final TaskCodec codec = new TaskCodec();
    private final AtomicInteger fences = new AtomicInteger();

    /** The in-JVM transport, whose logs confirm the first fence written to them and keep nothing of it. */
    private final class LosesTheFirstFence extends ForwardingTransport {

        LosesTheFirstFence(Transport delegate) {
            super(delegate);
        }

        @Override
        public EventLog log(LogSpec spec) {
            EventLog log = super.log(spec);
            return new EventLog() {
                @Override
                public CompletableFuture<Void> append(byte[] body) {
                    if (isFence(body) && fences.getAndIncrement() == 0) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return log.append(body);
                }

                @Override
                public Subscription read(long fromEpochMillis, EventHandler handler) {
                    return log.read(fromEpochMillis, handler);
                }
            };
        }
    }

    private boolean isFence(byte[] body) {
        try {
            return codec.decodeEvent(body) instanceof JoinFence;
        } catch (MalformedMessageException e) {
            return false;
        }
    }

    @Test
    void aJoinWhoseFenceWasLostWritesItAgainAndEnds() throws Exception {
        MovableClock clock = new MovableClock();
        Transport memory = MemoryTransport.open(BrokerAddress.parse("mem://lost-fence-" + UUID.randomUUID()),
                Topology.defaults());
        String batch = BatchId.create(clock.instant());
        EventLog events = memory.events(batch);
        events.append(codec.encode(BatchOpened.of(batch, clock.millis()))).join();
        events.append(codec.encode(CompletionEvent.succeeded(new TaskId(batch, 0), null, 1, "w1", 1,
                clock.millis()))).join();
        events.append(codec.encode(BatchSealed.of(batch, 1, 0))).join();

        Coordinator coordinator = new Coordinator(new LosesTheFirstFence(memory), codec, clock,
                Coordinator.DEFAULT_SEAL_TIMEOUT);
        CompletableFuture<JoinSummary> join = CompletableFuture.supplyAsync(() -> {
            try {
                return coordinator.join(batch, Duration.ofMinutes(2), Duration.ofMillis(50), progress -> { },
                        result -> { });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> fences.get() == 1);
        // Without its fence the join cannot tell it has read everything: it goes on reading, whatever the time.
        assertThat(join).isNotDone();

        clock.advance(FenceWriter.AGAIN_AFTER);
        JoinSummary summary = join.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(summary.timedOut()).isFalse();
        assertThat(summary.succeeded()).isEqualTo(1);
        assertThat(fences.get()).as("the fence, written again").isEqualTo(2);
        memory.close();
    }
}
