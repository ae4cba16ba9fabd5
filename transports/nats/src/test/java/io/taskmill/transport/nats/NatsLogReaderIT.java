package io.taskmill.transport.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.Topology;
import io.taskmill.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Log readers on a server of the test's own that is killed with -9 while entries are being
 * appended: a killed server may lose the tail it had already delivered and reuse those
 * sequences, so only a reader that re-reads with care sees every confirmed entry.
 */
class NatsLogReaderIT {

    private static final Path LOGS = Path.of("target", "nats-logs").toAbsolutePath();

    @Test
    void aReaderSeesEveryConfirmedEntryAcrossKillsOfTheServer() throws Exception {
        try (NatsServer server = new NatsServer(LOGS);
             NatsTransport transport = NatsTransport.connect(BrokerAddress.parse(server.uri()),
                     new Topology("taskmill.test-" + UUID.randomUUID().toString().substring(0, 8)))) {
            EventLog log = transport.log(Logs.EVENTS);
            Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
            try (Subscription reader = log.read(0, body -> seen.computeIfAbsent(
                    new String(body, StandardCharsets.UTF_8), k -> new AtomicInteger()).incrementAndGet())) {
                Appender appender = new Appender(log);
                appender.start();
                for (int kill = 1; kill <= 3; kill++) {
                    int before = appender.confirmed.get();
                    await().atMost(Duration.ofMinutes(1)).until(() -> appender.confirmed.get() >= before + 300);
                    server.hardKillAndStart();
                }
                int after = appender.confirmed.get();
                await().atMost(Duration.ofMinutes(2)).until(() -> appender.confirmed.get() >= after + 300);
                appender.stop();

                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> appender.confirmedEntries().allMatch(seen::containsKey));
                assertThat(reader.state()).isEqualTo(SubscriptionState.ACTIVE);
                // An entry appended again after an unanswered append may be in the log twice, never seen more often.
                seen.forEach((entry, times) -> assertThat(times.get()).as(entry)
                        .isLessThanOrEqualTo(appender.attempts(entry)));
            }
        }
    }

    @Test
    void aReaderWhoseServerStaysDownFailsLoudlyAfterTheRecoveryTimeout() throws Exception {
        try (NatsServer server = new NatsServer(LOGS);
             NatsTransport transport = NatsTransport.connect(BrokerAddress.parse(server.uri() + "?recovery-timeout=3s"),
                     new Topology("taskmill.test-" + UUID.randomUUID().toString().substring(0, 8)))) {
            try (Subscription reader = transport.log(Logs.EVENTS).read(EventLog.FROM_NOW, body -> { })) {
                server.kill();
                TransportException failure = reader.failure().toCompletableFuture().get(2, TimeUnit.MINUTES);
                assertThat(failure.getMessage()).contains("could not read it again within 3 s");
                assertThat(reader.state()).isEqualTo(SubscriptionState.FAILED);
            }
        }
    }

    /**
     * The stream deleted under a reader that had read past what it re-reads after a loss: the next append makes it
     * again and the reader reads the new one from its start. Nothing made it again before, and a reader resuming
     * where it stood would have waited for 17,000 entries of the new stream.
     */
    @Test
    void aLogDeletedAndMadeAgainIsMadeByTheNextAppendAndReadFromItsStart() throws Exception {
        Topology topology = new Topology("taskmill.test-" + UUID.randomUUID().toString().substring(0, 8));
        try (NatsServer server = new NatsServer(LOGS);
             NatsTransport transport = NatsTransport.connect(BrokerAddress.parse(server.uri()), topology)) {
            EventLog log = transport.log(Logs.EVENTS);
            int old = 17_000;
            java.util.List<java.util.concurrent.CompletableFuture<Void>> appended = new java.util.ArrayList<>();
            for (int i = 0; i < old; i++) {
                appended.add(log.append(("old-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            java.util.concurrent.CompletableFuture.allOf(appended.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(2, TimeUnit.MINUTES);
            java.util.Set<String> seen = ConcurrentHashMap.newKeySet();
            try (Subscription reader = log.read(0, body -> seen.add(new String(body, StandardCharsets.UTF_8)))) {
                await().atMost(Duration.ofMinutes(1)).until(() -> seen.size() == old);
                transport.management().deleteStream(new NatsNames(topology).logStream(Logs.EVENTS));

                await().atMost(Duration.ofMinutes(1)).until(() -> appends(log, "new-0"));
                log.append("new-1".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
                await().atMost(Duration.ofMinutes(2)).until(() -> seen.contains("new-0") && seen.contains("new-1"));
                assertThat(seen).hasSize(old + 2);
                assertThat(reader.state()).isEqualTo(SubscriptionState.ACTIVE);
            }
        }
    }

    private static boolean appends(EventLog log, String entry) throws InterruptedException {
        try {
            log.append(entry.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Appends numbered entries one after the other, each again until confirmed. */
    private static final class Appender implements Runnable {

        final AtomicInteger confirmed = new AtomicInteger();
        private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        private final EventLog log;
        private final Thread thread = new Thread(this, "appender");
        private volatile boolean running = true;

        Appender(EventLog log) {
            this.log = log;
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        int attempts(String entry) {
            return attempts.getOrDefault(entry, new AtomicInteger()).get();
        }

        java.util.stream.Stream<String> confirmedEntries() {
            return java.util.stream.IntStream.range(0, confirmed.get()).mapToObj(i -> "entry-" + i);
        }

        private static void pause() {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }

        @Override
        public void run() {
            while (running) {
                String entry = "entry-" + confirmed.get();
                attempts.computeIfAbsent(entry, k -> new AtomicInteger()).incrementAndGet();
                try {
                    log.append(entry.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
                    confirmed.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // Unanswered or refused while the server is down: the same entry again, a little later.
                    pause();
                }
            }
        }
    }
}
