package io.taskmill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.fleet.WorkerHeartbeat;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.memory.MemoryTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The presence log on the in-JVM transport, with an interval no test outlives: every heartbeat after the first is one asked for. */
class HeartbeatPublisherTest {

    private final Transport transport = MemoryTransport.open(
            BrokerAddress.parse("mem://heartbeats-" + UUID.randomUUID()), Topology.defaults());
    private final EventLog presence = transport.log(Logs.PRESENCE);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger snapshots = new AtomicInteger();
    private final HeartbeatPublisher heartbeats = new HeartbeatPublisher(presence, new ObjectMapper(),
            this::snapshot, Duration.ofHours(1));
    private final List<byte[]> said = new CopyOnWriteArrayList<>();
    private final Subscription reading = presence.read(0, said::add);

    private WorkerHeartbeat snapshot() {
        return new WorkerHeartbeat(WorkerHeartbeat.KIND, "vm/1", "vm", "default", List.of("noop"), 2, 0, 0,
                snapshots.incrementAndGet(), "RUNNING", 0, 0, 0, 0, Map.of(), List.of(), List.of());
    }

    @AfterEach
    void close() throws Exception {
        reading.close();
        timer.shutdownNow();
        transport.close();
    }

    @Test
    void askedSoonItBeatsOnceMoreForEveryAskingBeforeThatBeat() {
        heartbeats.start(timer);
        await().atMost(Duration.ofSeconds(30)).until(() -> said.size() == 1);
        heartbeats.soon();
        heartbeats.soon();
        heartbeats.soon();
        await().atMost(Duration.ofSeconds(30)).until(() -> said.size() == 2);
        heartbeats.soon();
        await().atMost(Duration.ofSeconds(30)).until(() -> said.size() == 3);
        heartbeats.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> said.size() == 4);
        assertThat(snapshots).as("three asked in one wait went as one heartbeat").hasValue(4);
    }

    @Test
    void nothingFollowsTheLastHeartbeatAndNothingComesBeforeTheFirst() {
        heartbeats.soon();
        heartbeats.start(timer);
        heartbeats.soon();
        heartbeats.stop();
        heartbeats.soon();
        // The early beat asked before stop was due after it: a marker beat shows the timer has run past it.
        timer.schedule(() -> said.add(new byte[0]), HeartbeatPublisher.SOON.toMillis() * 2,
                TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> said.stream().anyMatch(body -> body.length == 0));
        assertThat(snapshots).as("the first, the last, nothing after").hasValue(2);
    }
}
