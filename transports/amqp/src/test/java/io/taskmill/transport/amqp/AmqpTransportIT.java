package io.taskmill.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskmill.testing.TestBroker;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.BrokerUnavailableException;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Topology;
import io.taskmill.transport.TopologyMismatchException;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportContractTest;
import io.taskmill.transport.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The transport contract on a real RabbitMQ (the machine's, or TASKMILL_TEST_BROKER), plus its own failure modes. */
class AmqpTransportIT extends TransportContractTest {

    @Override
    protected Transport open(Topology topology) {
        return AmqpTransport.connect(TestBroker.address(), topology);
    }

    @Override
    protected String uri() {
        return TestBroker.uri();
    }

    @Override
    protected void cleanUp(Topology topology) throws Exception {
        TestBroker.deleteQueues(TestBroker.uri(), topology, List.of(QUEUE));
        deleteQueue(topology.log(ANOTHER_LOG));
    }

    /** A stalled process (a long GC pause, SIGSTOP) loses its connection within two of the URI's heartbeats. */
    @Test
    void theUrisHeartbeatIsTheClientsAndTwentySecondsTheDefault() throws Exception {
        BrokerAddress tuned = BrokerAddress.parse(TestBroker.uri() + (TestBroker.uri().contains("?") ? "&" : "?")
                + "heartbeat=3");
        com.rabbitmq.client.Connection connection = new AmqpConnector(tuned, AmqpOptions.of(tuned))
                .connect("heartbeat test", false);
        try {
            assertThat(connection.getHeartbeat()).isEqualTo(3);
        } finally {
            connection.close();
        }
        com.rabbitmq.client.Connection plain = new AmqpConnector(TestBroker.address(), AmqpOptions.defaults())
                .connect("heartbeat test", false);
        try {
            assertThat(plain.getHeartbeat()).isEqualTo(20);
        } finally {
            plain.close();
        }
    }

    @Test
    void anExistingQueueWithOtherArgumentsIsAOneLineErrorNamingIt() throws Exception {
        try (Transport quorum = open(topology)) {
            quorum.workQueue(QUEUE).publish(new byte[] {1}, "m").get(10, TimeUnit.SECONDS);
        }
        try (Transport transport = AmqpTransport.connect(BrokerAddress.parse(TestBroker.uri() + "?queue-type=classic"),
                topology)) {
            assertThatThrownBy(() -> transport.workQueue(QUEUE).publish(new byte[] {1}, "m"))
                    .isInstanceOf(TopologyMismatchException.class)
                    .hasMessageContaining("queue '" + topology.workQueue(QUEUE))
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void theLogsAreKeptByAgeAndSizeAsTheUriSaysAndAStreamOfOtherRetentionIsUsedAsItIs() throws Exception {
        try (Transport transport = AmqpTransport.connect(BrokerAddress.parse(TestBroker.uri()
                + "?log-max-age=2d&log-max-bytes=100MB"), topology)) {
            transport.log(Logs.EVENTS).append(new byte[] {1}).get(10, TimeUnit.SECONDS);
            assertThat(transport.log(Logs.EVENTS).horizon()).as("nothing dropped yet").isZero();
        }
        java.util.Map<String, Object> expected = java.util.Map.of("x-queue-type", "stream", "x-max-age", "2D",
                "x-max-length-bytes", 100_000_000L, "x-stream-max-segment-size-bytes", 1_000_000);
        // A declaration with the very same arguments is the broker's own word that the stream has them.
        assertThat(declaresWith(topology.log(Logs.EVENTS), expected)).isTrue();
        assertThat(declaresWith(topology.log(Logs.CONTROL), expected)).isTrue();

        try (Transport other = AmqpTransport.connect(BrokerAddress.parse(TestBroker.uri() + "?log-max-bytes=1GB"),
                topology)) {
            other.log(Logs.EVENTS).append(new byte[] {2}).get(10, TimeUnit.SECONDS);
        }
        assertThat(declaresWith(topology.log(Logs.EVENTS), expected)).as("the stream kept its own").isTrue();
    }

    @Test
    void aJoinOfABatchOlderThanWhatTheStreamStillHoldsSaysSo() throws Exception {
        // 1 MB of log in segments of 100 kB: the broker drops the oldest segments as new ones start.
        try (Transport transport = AmqpTransport.connect(BrokerAddress.parse(TestBroker.uri() + "?log-max-bytes=1MB"),
                topology)) {
            assertAJoinOfABatchOlderThanTheLogSaysSo(transport);
        }
    }

    private static boolean declaresWith(String queue, java.util.Map<String, Object> arguments) throws Exception {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setUri(TestBroker.uri());
        try (com.rabbitmq.client.Connection connection = factory.newConnection()) {
            com.rabbitmq.client.Channel channel = connection.createChannel();
            try {
                channel.queueDeclare(queue, true, false, false, arguments);
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }

    @Test
    void aPublishToAQueueDeletedBehindOurBackFailsAsUnroutableAndTheNextOneRedeclaresIt() throws Exception {
        try (Transport transport = open(topology)) {
            transport.workQueue(QUEUE).publish(new byte[] {1}, "m1").get(10, TimeUnit.SECONDS);
            TestBroker.deleteQueues(TestBroker.uri(), topology, List.of(QUEUE));

            assertThatThrownBy(() -> transport.workQueue(QUEUE).publish(new byte[] {2}, "m2").get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(io.taskmill.transport.UnroutableException.class);
            transport.workQueue(QUEUE).publish(new byte[] {3}, "m3").get(10, TimeUnit.SECONDS);
            assertThat(transport.statistics().status(List.of(QUEUE)).get(0).messages()).isEqualTo(1);
        }
    }

    /**
     * The stream deleted under a reader and declared again by the next append (a consumer's outcome): the reader
     * reads the new stream from its start. It resumed past the old one's last offset before, and the new one's
     * offsets start from 0 again, so a join stopped counting for good while it looked healthy.
     */
    @Test
    void aLogDeletedAndDeclaredAgainIsDeclaredByTheNextAppendAndReadFromItsStart() throws Exception {
        try (Transport transport = open(topology)) {
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                transport.log(Logs.EVENTS).append(("old-" + i).getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            }
            try (Subscription reader = transport.log(Logs.EVENTS).read(0, body -> seen.add(new String(body,
                    StandardCharsets.UTF_8)))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 3);
                deleteQueue(topology.log(Logs.EVENTS));

                assertThatThrownBy(() -> transport.log(Logs.EVENTS).append("lost".getBytes(StandardCharsets.UTF_8))
                        .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(io.taskmill.transport.UnroutableException.class);
                for (int i = 0; i < 2; i++) {
                    transport.log(Logs.EVENTS).append(("new-" + i).getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
                }
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                        assertThat(seen).containsExactly("old-0", "old-1", "old-2", "new-0", "new-1"));
                assertThat(reader.state()).isEqualTo(io.taskmill.transport.SubscriptionState.ACTIVE);
            }
        }
    }

    private static void deleteQueue(String queue) throws Exception {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setUri(TestBroker.uri());
        try (com.rabbitmq.client.Connection connection = factory.newConnection()) {
            connection.createChannel().queueDelete(queue);
        }
    }

    @Test
    void anUnreachableBrokerFailsFastWithTheAddressButNotThePassword() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> AmqpTransport.connect(BrokerAddress.parse("amqp://guest:secret@127.0.0.1:1"),
                topology))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("secret");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(11);
    }

    @Test
    void wrongCredentialsAreReportedAsSuch() {
        String uri = TestBroker.uri().replaceFirst("://[^@]*@", "://guest:wrong-password@");
        assertThatThrownBy(() -> AmqpTransport.connect(BrokerAddress.parse(uri), topology))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("refused the login")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void aDeliveryCountWrittenByThePublisherIsNotBelievedOnlyTheBrokersIs() throws Exception {
        try (Transport transport = open(topology)) {
            transport.workQueue(QUEUE).publish(new byte[] {0}, "declare").get(10, TimeUnit.SECONDS);
            com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
            factory.setUri(TestBroker.uri());
            try (com.rabbitmq.client.Connection connection = factory.newConnection();
                 com.rabbitmq.client.Channel channel = connection.createChannel()) {
                channel.basicPublish("", topology.workQueue(QUEUE), new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                        .headers(java.util.Map.of("x-delivery-count", 1000)).deliveryMode(2).build(), new byte[] {1});
            }
            java.util.concurrent.BlockingQueue<io.taskmill.transport.Delivery> received =
                    new java.util.concurrent.LinkedBlockingQueue<>();
            io.taskmill.transport.Subscription first = transport.workQueue(QUEUE).consume(10, received::add);
            List<io.taskmill.transport.Delivery> firstRound = List.of(received.poll(10, TimeUnit.SECONDS),
                    received.poll(10, TimeUnit.SECONDS));
            assertThat(firstRound).allSatisfy(d -> assertThat(d.previousDeliveries()).isZero());
            first.close();
            try (io.taskmill.transport.Subscription second = transport.workQueue(QUEUE).consume(10, received::add)) {
                io.taskmill.transport.Delivery again = received.poll(10, TimeUnit.SECONDS);
                io.taskmill.transport.Delivery again2 = received.poll(10, TimeUnit.SECONDS);
                assertThat(List.of(again, again2)).allSatisfy(d -> {
                    assertThat(d.redelivered()).isTrue();
                    assertThat(d.previousDeliveries()).as("the quorum queue's own count").isEqualTo(1);
                });
                again.ack();
                again2.ack();
            }
        }
    }
}
