package io.taskmill.transport.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.BrokerUnavailableException;
import io.taskmill.transport.Delivery;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportContractTest;
import io.taskmill.transport.Transports;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The transport contract on the machine's NATS JetStream, plus what is NATS's own. */
class NatsTransportIT extends TransportContractTest {

    @Override
    protected Transport open(Topology topology) {
        return Transports.open(BrokerAddress.parse(uri()), topology);
    }

    @Override
    protected String uri() {
        return NatsTestBroker.uri() + "?ack-wait=2s";
    }

    @Override
    protected void cleanUp(Topology topology) {
        NatsTestBroker.deleteStreams(NatsTestBroker.uri(), topology);
    }

    @Test
    void aBurstOfPublishesKeepsAtMostAWindowInFlightAndEveryOneIsConfirmed() throws Exception {
        int messages = 5 * NatsPublisher.WINDOW;
        try (Transport transport = open(topology)) {
            NatsTransport nats = (NatsTransport) transport;
            io.taskmill.transport.WorkQueue queue = transport.workQueue(QUEUE);
            java.util.List<java.util.concurrent.CompletableFuture<Void>> confirms = new java.util.ArrayList<>();
            int mostInFlight = 0;
            for (int i = 0; i < messages; i++) {
                confirms.add(queue.publish(new byte[] {(byte) i}, "burst-" + i));
                mostInFlight = Math.max(mostInFlight, nats.publisher().inFlight());
            }
            java.util.concurrent.CompletableFuture.allOf(confirms.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(120, TimeUnit.SECONDS);
            assertThat(mostInFlight).isBetween(1, NatsPublisher.WINDOW);
            assertThat(transport.statistics().status(java.util.List.of(QUEUE)).get(0).messages()).isEqualTo(messages);
        }
    }

    @Test
    void aTaskRunningLongerThanTheAckWaitIsNotRedelivered() throws Exception {
        try (Transport transport = open(topology)) {
            transport.workQueue(QUEUE).publish(new byte[] {1}, "long").get(10, TimeUnit.SECONDS);
            // Either worker may get the task first: whichever does holds it, and the other must not get it.
            BlockingQueue<Delivery> a = new LinkedBlockingQueue<>();
            BlockingQueue<Delivery> b = new LinkedBlockingQueue<>();
            BlockingQueue<BlockingQueue<Delivery>> receivedBy = new LinkedBlockingQueue<>();
            try (Subscription first = transport.workQueue(QUEUE).consume(1, d -> { a.add(d); receivedBy.add(a); });
                 Subscription second = transport.workQueue(QUEUE).consume(1, d -> { b.add(d); receivedBy.add(b); })) {
                BlockingQueue<Delivery> holder = receivedBy.poll(10, TimeUnit.SECONDS);
                assertThat(holder).as("the task reached a worker").isNotNull();
                BlockingQueue<Delivery> other = holder == a ? b : a;
                Delivery running = holder.take();
                // Three ack waits of 2 s: without in-progress heartbeats the other worker would get it.
                assertThat(other.poll(6, TimeUnit.SECONDS)).isNull();
                assertThat(holder).as("not redelivered to the worker holding it either").isEmpty();
                running.ack();
            }
        }
    }

    /**
     * The server does not stop at the delivery limit: a message past it would stay in its stream
     * undelivered for good. It keeps coming, counted, for a worker to dead-letter.
     */
    @Test
    void aMessageDeliveredPastTheDeliveryLimitIsStillDeliveredWithItsCount() throws Exception {
        try (Transport transport = Transports.open(BrokerAddress.parse(uri() + "&delivery-limit=2"), topology)) {
            transport.workQueue(QUEUE).publish(new byte[] {1}, "unsettled").get(10, TimeUnit.SECONDS);
            for (int delivery = 0; delivery < 3; delivery++) {
                BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
                try (Subscription worker = transport.workQueue(QUEUE).consume(1, deliveries::add)) {
                    // Left unsettled: it comes back after the ack wait of 2 s.
                    Delivery held = deliveries.poll(30, TimeUnit.SECONDS);
                    assertThat(held).as("delivery " + (delivery + 1)).isNotNull();
                    assertThat(held.previousDeliveries()).isEqualTo(delivery);
                }
            }
        }
    }

    /**
     * With its one delivery held, the worker has no pull waiting when the stream goes, so the
     * server's "consumer deleted" never reaches it; its next pull is answered "no responders",
     * which the client takes for an empty pull.
     */
    @Test
    void aWorkStreamDeletedBetweenPullsIsNoticedAndConsumedAgain() throws Exception {
        try (Transport transport = open(topology);
             io.nats.client.Connection connection = io.nats.client.Nats.connect(NatsTestBroker.uri())) {
            transport.workQueue(QUEUE).publish(new byte[] {1}, "before").get(10, TimeUnit.SECONDS);
            BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
            try (Subscription worker = transport.workQueue(QUEUE).consume(1, deliveries::add)) {
                Delivery held = deliveries.poll(10, TimeUnit.SECONDS);
                assertThat(held).as("the first task reached the worker").isNotNull();
                connection.jetStreamManagement().deleteStream(NatsTestBroker.workStream(topology, QUEUE));
                held.ack();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(connection.jetStreamManagement().getStreamNames())
                            .contains(NatsTestBroker.workStream(topology, QUEUE));
                    assertThat(worker.state()).isEqualTo(io.taskmill.transport.SubscriptionState.ACTIVE);
                });
                transport.workQueue(QUEUE).publish(new byte[] {2}, "after").get(10, TimeUnit.SECONDS);
                Delivery after = deliveries.poll(30, TimeUnit.SECONDS);
                assertThat(after).as("a task published after the stream came back reaches the worker").isNotNull();
                assertThat(after.body()).containsExactly(2);
                after.ack();
            }
        }
    }

    @Test
    void theLogsAreKeptByAgeAndSizeAsTheUriSaysChangedInPlaceWhenItSaysOtherwise() throws Exception {
        String stream = new NatsNames(topology).logStream(Logs.EVENTS);
        try (Transport transport = Transports.open(BrokerAddress.parse(NatsTestBroker.uri()
                + "?log-max-age=2d&log-max-bytes=100MB"), topology);
             io.nats.client.Connection connection = io.nats.client.Nats.connect(NatsTestBroker.uri())) {
            EventLog events = transport.log(Logs.EVENTS);
            var config = connection.jetStreamManagement().getStreamInfo(stream).getConfiguration();
            assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(2));
            assertThat(config.getMaxBytes()).isEqualTo(100_000_000L);
            assertThat(events.horizon()).as("nothing dropped yet").isZero();
        }
        try (Transport transport = Transports.open(BrokerAddress.parse(NatsTestBroker.uri() + "?log-max-bytes=1GiB"),
                topology);
             io.nats.client.Connection connection = io.nats.client.Nats.connect(NatsTestBroker.uri())) {
            transport.log(Logs.EVENTS);
            var config = connection.jetStreamManagement().getStreamInfo(stream).getConfiguration();
            assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(7));
            assertThat(config.getMaxBytes()).isEqualTo(1L << 30);
        }
    }

    @Test
    void aJoinOfABatchOlderThanWhatTheStreamStillHoldsSaysSo() throws Exception {
        try (Transport transport = Transports.open(BrokerAddress.parse(NatsTestBroker.uri() + "?log-max-bytes=1MB"),
                topology)) {
            assertAJoinOfABatchOlderThanTheLogSaysSo(transport);
        }
    }

    @Test
    void aResumedPublishOfTheSameTaskIsNotDuplicated() throws Exception {
        try (Transport transport = open(topology)) {
            transport.workQueue(QUEUE).publish(new byte[] {1}, "b:0").get(10, TimeUnit.SECONDS);
            transport.workQueue(QUEUE).publish(new byte[] {1}, "b:0").get(10, TimeUnit.SECONDS);
            assertThat(transport.statistics().status(java.util.List.of(QUEUE)).get(0).messages()).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableServerFailsFastWithTheAddressButNotThePassword() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse("nats://app:secret@127.0.0.1:1"), topology))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("secret");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(11));
    }

    @Test
    void anUnknownOptionIsAOneLineError() {
        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse("nats://127.0.0.1:4222?queue-type=classic"),
                topology)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter 'queue-type'");
    }

    /** JetStream 2.9 was seen to deliver one message twice at once: both copies failed for good, one dead letter. */
    @Test
    void oneDeliveredMessageMakesOneDeadLetterAndAMessageDeliveredAnewAnother() throws Exception {
        try (Transport transport = open(topology)) {
            transport.workQueue(QUEUE).publish(new byte[] {7}, "b:0").get(10, TimeUnit.SECONDS);
            BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
            String identity;
            try (Subscription worker = transport.workQueue(QUEUE).consume(1, deliveries::add)) {
                Delivery delivery = deliveries.poll(10, TimeUnit.SECONDS);
                assertThat(delivery).isNotNull();
                identity = delivery.identity();
                delivery.ack();
            }
            assertThat(identity).isEqualTo(NatsTestBroker.workStream(topology, QUEUE) + ":1");
            for (String delivery : java.util.List.of(identity + "/b:0", identity + "/b:0", "other:9/b:0")) {
                transport.workQueue(QUEUE).deadLetter(new byte[] {7}, java.util.Map.of(io.taskmill.transport.Headers.ERROR,
                        "boom", io.taskmill.transport.Headers.DELIVERY, delivery), "b:0").get(10, TimeUnit.SECONDS);
            }
            java.util.List<io.taskmill.transport.DeadLetter> kept = new java.util.ArrayList<>();
            transport.workQueue(QUEUE).deadLetters().visit(10, letter -> kept.add(letter) && false);
            assertThat(kept).hasSize(2);
        }
    }

    /**
     * Two workers that got one message at once both fail it and put its retry back: named after
     * the delivery, the two are one message, and the task runs its attempts left once.
     */
    @Test
    void aRetryPutBackTwiceUnderOneNameIsOneMessage() throws Exception {
        try (Transport transport = open(topology)) {
            for (String name : java.util.List.of("b:0/retry@s:1", "b:0/retry@s:1", "b:0/retry@s:2", "sentinel")) {
                transport.workQueue(QUEUE).publishLater(name.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.time.Duration.ZERO, name).get(10, TimeUnit.SECONDS);
            }
            java.util.List<String> delivered = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            try (Subscription worker = transport.workQueue(QUEUE).consume(10, delivery -> {
                delivered.add(new String(delivery.body(), java.nio.charset.StandardCharsets.UTF_8));
                delivery.ack();
            })) {
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered.contains("sentinel"));
            }
            assertThat(delivered).containsExactlyInAnyOrder("b:0/retry@s:1", "b:0/retry@s:2", "sentinel");
        }
    }

    @Test
    void aDeadLetterWhoseReasonQuotesControlCharactersIsKept() throws Exception {
        try (Transport transport = open(topology)) {
            transport.workQueue(QUEUE).deadLetter(new byte[] {0}, java.util.Map.of(io.taskmill.transport.Headers.ERROR,
                    "Illegal character ((CTRL-CHAR, code 0)) \u0000\r\n é"), null).get(10, TimeUnit.SECONDS);
            java.util.List<io.taskmill.transport.DeadLetter> seen = new java.util.ArrayList<>();
            transport.workQueue(QUEUE).deadLetters().visit(10, letter -> seen.add(letter) && false);
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).reason().get(io.taskmill.transport.Headers.ERROR))
                    .startsWith("Illegal character ((CTRL-CHAR, code 0))");
        }
    }
}
