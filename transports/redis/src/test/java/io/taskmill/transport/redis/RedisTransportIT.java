package io.taskmill.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.BrokerUnavailableException;
import io.taskmill.transport.Delivery;
import io.taskmill.transport.QueueInfo;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportContractTest;
import io.taskmill.transport.Transports;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The transport contract on the machine's Redis, plus what is Redis's own. */
class RedisTransportIT extends TransportContractTest {

    @Override
    protected Transport open(Topology topology) {
        return Transports.open(BrokerAddress.parse(uri()), topology);
    }

    @Override
    protected String uri() {
        return RedisTestBroker.uri() + "?reclaim-after=2s";
    }

    @Override
    protected void cleanUp(Topology topology) {
        RedisTestBroker.deleteKeys(RedisTestBroker.uri(), topology);
    }

    @Test
    void aTaskRunningLongerThanTheReclaimTimeIsNotTakenByAnotherWorker() throws Exception {
        try (Transport transport = open(topology)) {
            transport.workQueue(QUEUE).publish(new byte[] {1}, "long").get(10, TimeUnit.SECONDS);
            BlockingQueue<Delivery> a = new LinkedBlockingQueue<>();
            BlockingQueue<Delivery> b = new LinkedBlockingQueue<>();
            BlockingQueue<BlockingQueue<Delivery>> receivedBy = new LinkedBlockingQueue<>();
            try (Subscription first = transport.workQueue(QUEUE).consume(1, d -> { a.add(d); receivedBy.add(a); });
                 Subscription second = transport.workQueue(QUEUE).consume(1, d -> { b.add(d); receivedBy.add(b); })) {
                BlockingQueue<Delivery> holder = receivedBy.poll(10, TimeUnit.SECONDS);
                assertThat(holder).as("the task reached a worker").isNotNull();
                BlockingQueue<Delivery> other = holder == a ? b : a;
                Delivery running = holder.take();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(transport.statistics()
                        .status(List.of(QUEUE)).get(0).consumers()).as("two live workers").isEqualTo(2));
                // Three reclaim times of 2 s: without renewals the other worker would take it.
                assertThat(other.poll(6, TimeUnit.SECONDS)).isNull();
                assertThat(holder).as("not delivered again to the worker holding it either").isEmpty();
                running.ack();
            }
        }
    }

    /** A worker that died holding an entry: another takes it after the reclaim time, with the group's count. */
    @Test
    void aDeadWorkersDeliveryIsTakenOverWithItsDeliveryCount() throws Exception {
        try (Transport transport = open(topology)) {
            transport.workQueue(QUEUE).publish("orphan".getBytes(), "m1").get(10, TimeUnit.SECONDS);
            BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
            // Makes the group, then leaves the queue to the dead worker below.
            transport.workQueue(QUEUE).consume(1, deliveries::add).close();
            RedisClient client = RedisClient.create(RedisTestBroker.uri());
            try (StatefulRedisConnection<String, String> dead = client.connect()) {
                assertThat(dead.sync().xreadgroup(Consumer.from(RedisNames.GROUP, "a-worker-that-died"),
                        XReadArgs.StreamOffset.lastConsumed(topology.workQueue(QUEUE)))).hasSize(1);
            } finally {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
            long start = System.nanoTime();
            try (Subscription taker = transport.workQueue(QUEUE).consume(1, deliveries::add)) {
                Delivery taken = deliveries.poll(15, TimeUnit.SECONDS);
                assertThat(taken).isNotNull();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("after the reclaim time")
                        .isGreaterThanOrEqualTo(1_500);
                assertThat(new String(taken.body())).isEqualTo("orphan");
                assertThat(taken.redelivered()).isTrue();
                assertThat(taken.previousDeliveries()).isEqualTo(1);
                taken.ack();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(transport.statistics()
                        .status(List.of(QUEUE)).get(0).messages()).isZero());
            }
        }
    }

    @Test
    void aWorkStreamDeletedUnderAWorkerIsMadeAgainAndConsumed() throws Exception {
        try (Transport transport = open(topology)) {
            BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
            try (Subscription worker = transport.workQueue(QUEUE).consume(1, deliveries::add)) {
                RedisClient client = RedisClient.create(RedisTestBroker.uri());
                try (StatefulRedisConnection<String, String> admin = client.connect()) {
                    admin.sync().del(topology.workQueue(QUEUE));
                } finally {
                    client.shutdown(0, 2, TimeUnit.SECONDS);
                }
                transport.workQueue(QUEUE).publish(new byte[] {2}, "after").get(10, TimeUnit.SECONDS);
                Delivery after = deliveries.poll(30, TimeUnit.SECONDS);
                assertThat(after).as("a task published after the stream was deleted reaches the worker").isNotNull();
                assertThat(after.body()).containsExactly(2);
                assertThat(worker.state()).isEqualTo(SubscriptionState.ACTIVE);
                after.ack();
            }
        }
    }

    /** Publishes coalesce into commands of many tasks: each is still confirmed, once, in the order sent. */
    @Test
    void aBurstOfPublishesIsConfirmedInOrderWithAtMostAWindowInFlight() throws Exception {
        int messages = 5 * RedisPublisher.WINDOW;
        try (Transport transport = open(topology)) {
            RedisTransport redis = (RedisTransport) transport;
            List<java.util.concurrent.CompletableFuture<Void>> confirms = new java.util.ArrayList<>();
            int mostInFlight = 0;
            for (int i = 0; i < messages; i++) {
                confirms.add(transport.workQueue(QUEUE).publish(Integer.toString(i).getBytes(), "burst-" + i));
                mostInFlight = Math.max(mostInFlight, redis.publisher().inFlight());
            }
            java.util.concurrent.CompletableFuture.allOf(confirms.toArray(
                    java.util.concurrent.CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            assertThat(mostInFlight).isBetween(1, RedisPublisher.WINDOW);
            RedisClient client = RedisClient.create(RedisTestBroker.uri());
            try (StatefulRedisConnection<String, String> admin = client.connect()) {
                List<String> bodies = admin.sync().xrange(topology.workQueue(QUEUE), io.lettuce.core.Range.create("-",
                        "+")).stream().map(entry -> entry.getBody().get(RedisWorkQueue.BODY)).toList();
                assertThat(bodies).hasSize(messages);
                assertThat(bodies).isEqualTo(java.util.stream.IntStream.range(0, messages).mapToObj(Integer::toString)
                        .toList());
            } finally {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aRetryPutBackTwiceUnderOneNameIsOneMessage() throws Exception {
        try (Transport transport = open(topology)) {
            transport.workQueue(QUEUE).publishLater(new byte[] {7}, Duration.ofMinutes(5), "retry-1")
                    .get(10, TimeUnit.SECONDS);
            transport.workQueue(QUEUE).publishLater(new byte[] {7}, Duration.ofMinutes(5), "retry-1")
                    .get(10, TimeUnit.SECONDS);
            QueueInfo work = transport.statistics().status(List.of(QUEUE)).get(0);
            assertThat(work.retrying()).isEqualTo(1);
        }
    }

    @Test
    void aJoinOfABatchOlderThanWhatTheStreamStillHoldsSaysSo() throws Exception {
        try (Transport transport = Transports.open(BrokerAddress.parse(RedisTestBroker.uri() + "?log-max-bytes=1MB"),
                topology)) {
            assertAJoinOfABatchOlderThanTheLogSaysSo(transport);
        }
    }

    @Test
    void anUnreachableServerFailsFastWithTheAddressButNotThePassword() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String uri = "redis://user:s3cret-pw@127.0.0.1:" + port;
        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse(uri), topology))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("cannot reach a Redis primary at redis://user:***@127.0.0.1:" + port)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void anUnknownOptionOrADatabaseThatIsNotANumberIsAOneLineError() {
        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse(RedisTestBroker.uri() + "?ack-wait=5s"), topology))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter 'ack-wait'").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse(RedisTestBroker.uri() + "/jobs"), topology))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the path names the database, a number like /0, was '/jobs'");
    }
}
