package io.taskmill.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.taskmill.testing.TcpCutter;
import io.taskmill.testing.TestBroker;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Continuations;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.WorkQueue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Publishers racing the client's own recovery of their channel: each publish either fails,
 * for its caller to publish again, or is confirmed and then really is in the queue; none
 * is left waiting. The link to the machine's broker is cut in a forwarder, so the broker
 * itself is never touched.
 */
class ConfirmsAcrossRecoveryIT {

    private static final String QUEUE = "confirms";
    private static final int PUBLISHERS = 4;
    private static final int CUTS = 6;

    private final Topology topology = TestBroker.uniqueTopology();

    @AfterEach
    void cleanUp() {
        TestBroker.deleteQueues(TestBroker.uri(), topology, List.of(QUEUE));
    }

    @Test
    void everyPublishAroundAConnectionLossEndsAndEveryConfirmedOneIsInTheQueue() throws Exception {
        URI broker = URI.create(TestBroker.uri());
        Map<String, CompletableFuture<Void>> published = new ConcurrentHashMap<>();
        AtomicLong confirmed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try (TcpCutter cutter = TcpCutter.to(broker.getHost(), broker.getPort() < 0 ? 5672 : broker.getPort());
             Transport transport = AmqpTransport.connect(BrokerAddress.parse(broker.getScheme() + "://"
                     + broker.getRawUserInfo() + "@127.0.0.1:" + cutter.port()), topology)) {
            WorkQueue queue = transport.workQueue(QUEUE);
            // A bound on what is outstanding: a publish that never ends holds its permit, and the
            // publishers stall, which the awaits below report.
            Semaphore outstanding = new Semaphore(256);
            List<Thread> publishers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                Thread thread = new Thread(() -> {
                    for (long n = 0; !stop.get(); n++) {
                        outstanding.acquireUninterruptibly();
                        String id = publisher + "-" + n;
                        CompletableFuture<Void> future;
                        try {
                            future = queue.publish(id.getBytes(StandardCharsets.UTF_8), id);
                        } catch (RuntimeException e) {
                            future = CompletableFuture.failedFuture(e);
                        }
                        published.put(id, future);
                        future.whenComplete((ok, failure) -> {
                            if (failure == null) {
                                confirmed.incrementAndGet();
                            }
                            outstanding.release();
                        });
                        parkAMillisecond();
                    }
                }, "publisher-" + p);
                thread.setDaemon(true);
                thread.start();
                publishers.add(thread);
            }
            for (int cut = 0; cut < CUTS; cut++) {
                long before = confirmed.get();
                int links = cutter.accepted();
                cutter.cutAll();
                await().atMost(Duration.ofMinutes(1)).until(() -> cutter.accepted() > links
                        && confirmed.get() > before + 100);
            }
            stop.set(true);
            for (Thread publisher : publishers) {
                publisher.join(TimeUnit.MINUTES.toMillis(1));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published.values())
                    .as("publishes still waiting for a confirm").allMatch(CompletableFuture::isDone));
        }
        Set<String> inQueue = drain();
        Set<String> wereConfirmed = new HashSet<>();
        published.forEach((id, future) -> {
            if (!future.isCompletedExceptionally()) {
                wereConfirmed.add(id);
            }
        });
        assertThat(wereConfirmed).hasSizeGreaterThan(CUTS * 100);
        assertThat(inQueue).as("confirmed messages in the queue").containsAll(wereConfirmed);
    }

    /**
     * A confirm that never comes fails its publish after the publisher's patience, and the channel is replaced:
     * on a cluster, the broker's writer for a channel whose stream leader was cut off confirmed what it never
     * wrote. What the new channel confirms is in the queue.
     */
    @Test
    void aChannelThatLeavesAConfirmUnansweredIsReplacedAndWhatItConfirmsNextIsInTheQueue() throws Exception {
        URI broker = URI.create(TestBroker.uri());
        String queue = topology.workQueue(QUEUE);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (TcpCutter cutter = TcpCutter.to(broker.getHost(), broker.getPort() < 0 ? 5672 : broker.getPort());
             Continuations continuations = new Continuations("confirms-test");
             Connection connection = factoryThrough(cutter).newConnection("taskmill-test-patience")) {
            try (Channel declaring = connection.createChannel()) {
                declaring.queueDeclare(queue, true, false, false, Map.of());
            }
            ConfirmingPublisher publisher = new ConfirmingPublisher(connection::createChannel, 16,
                    Duration.ofSeconds(2), Clock.systemUTC(), scheduler, continuations);
            cutter.holdReplies();
            CompletableFuture<Void> unanswered = publisher.publish(queue, "m1", "task", bytes("m1"), Map.of(), null);
            // A caller that publishes again the moment it hears of the expiry, as a worker does with an outcome.
            CompletableFuture<CompletableFuture<Void>> again = unanswered.handle((ok, failure) ->
                    publisher.publish(queue, "m1-again", "task", bytes("m1-again"), Map.of(), null));
            await().atMost(Duration.ofSeconds(30)).until(unanswered::isDone);
            assertThatThrownBy(unanswered::join).hasMessageContaining("did not confirm the message within 2 s");
            CompletableFuture<Void> republished = again.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(republished::isDone);
            assertThatThrownBy(republished::join).as("not on the channel that left a confirm unanswered")
                    .hasMessageContaining("the channel is closed, or being recovered");
            cutter.releaseReplies();

            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.replacements() == 1);
            publisher.publish(queue, "m2", "task", bytes("m2"), Map.of(), null).get(30, TimeUnit.SECONDS);
            assertThat(drain()).contains("m2");
        } finally {
            scheduler.shutdownNow();
        }
    }

    /**
     * The broker closes a publishing channel alone (here for a publish to an exchange that does not exist; after a
     * restart, for a queue not back yet) while the connection stays up, so the client never recovers it: the
     * publisher opens another, and what it confirms next is in the queue.
     */
    @Test
    void aChannelTheBrokerClosesAloneIsReplacedAndWhatItConfirmsNextIsInTheQueue() throws Exception {
        String queue = topology.workQueue(QUEUE);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestBroker.uri());
        try (Continuations continuations = new Continuations("confirms-test");
             Connection connection = factory.newConnection("taskmill-test-channel-closed")) {
            try (Channel declaring = connection.createChannel()) {
                declaring.queueDeclare(queue, true, false, false, Map.of());
            }
            ConfirmingPublisher publisher = new ConfirmingPublisher(connection::createChannel, 16,
                    ConfirmingPublisher.CONFIRM_PATIENCE, Clock.systemUTC(), scheduler, continuations);
            CompletableFuture<Void> refused = publisher.publish(topology.prefix() + ".no-such-exchange", queue, "m0",
                    "task", bytes("m0"), Map.of(), null);
            await().atMost(Duration.ofSeconds(30)).until(refused::isDone);
            assertThatThrownBy(refused::join).hasMessageContaining("the channel closed before the broker confirmed");

            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.replacements() == 1);
            publisher.publish(queue, "m1", "task", bytes("m1"), Map.of(), null).get(30, TimeUnit.SECONDS);
            assertThat(connection.isOpen()).as("the connection stayed up throughout").isTrue();
            assertThat(drain()).contains("m1");
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static ConnectionFactory factoryThrough(TcpCutter cutter) throws Exception {
        URI broker = URI.create(TestBroker.uri());
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(broker.getScheme() + "://" + broker.getRawUserInfo() + "@127.0.0.1:" + cutter.port());
        return factory;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Set<String> drain() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestBroker.uri());
        Set<String> ids = new HashSet<>();
        try (Connection connection = factory.newConnection("taskmill-test-drain");
             Channel channel = connection.createChannel()) {
            for (GetResponse message; (message = channel.basicGet(topology.workQueue(QUEUE), true)) != null; ) {
                ids.add(new String(message.getBody(), StandardCharsets.UTF_8));
            }
        }
        return ids;
    }

    private static void parkAMillisecond() {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
}
