package io.taskmill.transport.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskmill.coordinator.BatchExpiredException;
import io.taskmill.coordinator.Coordinator;
import io.taskmill.task.BatchEvent;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchOpened;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.LoggedEvent;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.LogEntry;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The embedded event log is bounded by what its readers no longer need. */
class MemoryEventLogTest {

    private static final byte[] KILOBYTE = new byte[1024];

    @Test
    void whatEveryReaderPassedIsDroppedBeyondTheBoundAndNothingUnreadIs() {
        MemoryEventLog log = new MemoryEventLog(null, 1 << 20);
        for (int i = 0; i < 10_000; i++) {
            log.append(KILOBYTE);
        }
        assertThat(log.heldBytes()).as("nobody read them: a join may still come").isEqualTo(10_000L * 1024);
        assertThat(log.horizon()).isZero();

        AtomicLong read = new AtomicLong();
        try (Subscription ignored = log.read(0, body -> read.incrementAndGet())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> read.get() == 10_000);
            for (int i = 0; i < 20_000; i++) {
                log.append(KILOBYTE);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> read.get() == 30_000);
            log.append(KILOBYTE);
        }
        assertThat(read.get()).as("the reader missed nothing").isGreaterThanOrEqualTo(30_000);
        assertThat(log.heldBytes()).isLessThanOrEqualTo((1 << 20) + 4096L * 1024);
        assertThat(log.horizon()).isPositive();
    }

    @Test
    void aReaderStillBusyHoldsTheEntriesItHasNotReached() throws Exception {
        MemoryEventLog log = new MemoryEventLog(null, 1 << 20);
        AtomicLong fast = new AtomicLong();
        AtomicLong slow = new AtomicLong();
        CountDownLatch busy = new CountDownLatch(1);
        try (Subscription ignored = log.read(0, body -> fast.incrementAndGet());
             Subscription slowReader = log.read(0, body -> {
                 slow.incrementAndGet();
                 try {
                     busy.await();
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
             })) {
            log.append(KILOBYTE);
            await().atMost(Duration.ofSeconds(30)).until(() -> slow.get() == 1);
            for (int i = 0; i < 10_000; i++) {
                log.append(KILOBYTE);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> fast.get() == 10_001);
            assertThat(log.heldBytes()).as("the busy reader has not got to them").isEqualTo(10_001L * 1024);

            busy.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> slow.get() == 10_001);
            log.append(KILOBYTE);
            assertThat(log.heldBytes()).isLessThanOrEqualTo((1 << 20) + 4096L * 1024);
        }
    }

    @Test
    void aJoinOfABatchOlderThanWhatTheLogHoldsSaysSo() throws Exception {
        TaskCodec codec = new TaskCodec();
        try (Transport transport = MemoryTransport.open(BrokerAddress.parse("mem://expired-" + UUID.randomUUID()),
                Topology.defaults())) {
            String old = BatchId.create(Instant.now().minusSeconds(60));
            transport.log(Logs.EVENTS).append(codec.encode(BatchOpened.of(old, System.currentTimeMillis()))).join();
            transport.log(Logs.EVENTS).append(codec.encode(BatchSealed.of(old, 1, System.currentTimeMillis()))).join();
            AtomicLong read = new AtomicLong();
            int entries = (int) (2 * MemoryEventLog.DEFAULT_MAX_BYTES / KILOBYTE.length);
            try (Subscription ignored = transport.log(Logs.EVENTS).read(0, body -> read.incrementAndGet())) {
                for (int i = 0; i < entries; i++) {
                    transport.log(Logs.EVENTS).append(KILOBYTE);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> transport.log(Logs.EVENTS).horizon() > 0);
            }

            assertThatThrownBy(() -> new Coordinator(transport, codec).join(old, Duration.ofSeconds(10),
                    Duration.ofSeconds(1), progress -> { }, event -> { }))
                    .isInstanceOf(BatchExpiredException.class)
                    .hasMessageStartingWith("batch " + old + " is older than what the event log still holds");
        }
    }

    @Test
    void anEntryLoggedInThisProcessIsReadAsItIsWithItsCodecAndAsBytesWithoutIt() throws Exception {
        MemoryEventLog log = new MemoryEventLog();
        TaskCodec codec = new TaskCodec();
        BatchOpened opened = BatchOpened.of(BatchId.create(Instant.now()), System.currentTimeMillis());
        BlockingQueue<BatchEvent> sameCodec = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> bytes = new LinkedBlockingQueue<>();
        EventHandler taking = new EventHandler() {
            @Override
            public void onEvent(byte[] body) {
                throw new AssertionError("an entry of its own codec was encoded for it");
            }

            @Override
            public void onEntry(LogEntry entry) {
                sameCodec.add(LoggedEvent.readBy(entry, codec));
            }
        };
        try (Subscription ignored = log.read(0, taking);
             Subscription alsoIgnored = log.read(0, bytes::add)) {
            log.append(new LoggedEvent(opened, codec, 500)).join();

            assertThat(sameCodec.poll(30, TimeUnit.SECONDS)).as("the very event, never encoded").isSameAs(opened);
            byte[] body = bytes.poll(30, TimeUnit.SECONDS);
            assertThat(body).as("a reader of bytes gets them").isNotNull();
            assertThat(codec.decodeEvent(body)).isEqualTo(opened);
            assertThat(LoggedEvent.readBy(new LoggedEvent(opened, codec, 500), new TaskCodec()))
                    .as("another codec may check signatures: it reads bytes").isNull();
            assertThat(log.heldBytes()).as("it counts for what it holds in memory").isEqualTo(500);
        }
    }
}
