package io.taskmill.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.taskmill.coordinator.BatchExpiredException;
import io.taskmill.coordinator.Coordinator;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchOpened;
import io.taskmill.task.TaskCodec;
import io.taskmill.testing.TestTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Transport} must do, whatever the broker. Extend it once per
 * implementation; each test runs under a queue prefix of its own.
 */
public abstract class TransportContractTest {

    protected static final String QUEUE = "work";
    /** A log none of Taskmill's features has: what a new one would declare. Removed by {@link #cleanUp}. */
    protected static final LogSpec ANOTHER_LOG = LogSpec.kept("contract", LogRetention.of(Duration.ofMinutes(5),
            10_000_000));
    private static final Duration WAIT = Duration.ofSeconds(15);

    protected Topology topology;
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A new connection to the broker under test. */
    protected abstract Transport open(Topology topology);

    /** The URI {@link #open} connects to. */
    protected abstract String uri();

    /** Removes what a test declared, {@link #ANOTHER_LOG} too; the in-JVM broker needs nothing. */
    protected void cleanUp(Topology topology) throws Exception {
    }

    @BeforeEach
    void newTopology() {
        topology = TestTopology.unique();
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(opened);
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        cleanUp(topology);
    }

    /**
     * On a transport whose event log keeps about 1 MB ({@code ?log-max-bytes=1MB}): an old batch's
     * opening, then entries until the log drops its oldest; a join of the batch must then say
     * it is older than the log, not count what is left.
     */
    protected static void assertAJoinOfABatchOlderThanTheLogSaysSo(Transport transport) throws Exception {
        TaskCodec codec = new TaskCodec();
        String old = BatchId.create(Instant.now().minusSeconds(60));
        transport.log(Logs.EVENTS).append(codec.encode(BatchOpened.of(old, System.currentTimeMillis())))
                .get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (transport.log(Logs.EVENTS).horizon() == 0) {
            assertThat(System.nanoTime()).as("the log dropped its oldest entries").isLessThan(deadline);
            List<CompletableFuture<Void>> appends = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                appends.add(transport.log(Logs.EVENTS).append(new byte[1024]));
            }
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
        }
        assertThat(transport.log(Logs.EVENTS).horizon()).isGreaterThan(BatchId.createdAt(old).toEpochMilli());
        assertThatThrownBy(() -> new Coordinator(transport, codec).join(old,
                Duration.ofSeconds(10), Duration.ofSeconds(1), progress -> { }, event -> { }))
                .isInstanceOf(BatchExpiredException.class)
                .hasMessageContaining("is older than what the event log still holds");
    }

    private Transport transport() {
        Transport transport = open(topology);
        opened.add(transport);
        return transport;
    }

    private <S extends AutoCloseable> S track(S subscription) {
        opened.add(subscription);
        return subscription;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String text(Delivery delivery) {
        return new String(delivery.body(), UTF_8);
    }

    /**
     * A cluster's URI lists its nodes; the first may be down, as when a node died. A broker
     * no other process can reach has no nodes to list: such a URI is refused in one line.
     */
    @Test
    void aUriOfSeveralNodesConnectsToOneThatAnswersOrIsRefusedInOneLine() throws Exception {
        String cluster = withANodeDownFirst(uri());
        if (!transport().capabilities().has(Capability.SHARED_ACROSS_PROCESSES)) {
            assertThatThrownBy(() -> Transports.open(BrokerAddress.parse(cluster), topology))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a list of hosts");
            return;
        }
        Transport clustered = Transports.open(BrokerAddress.parse(cluster), topology);
        opened.add(clustered);
        assertThat(clustered.describe()).as("every node, no password").contains(",").doesNotContain(":guest@");
        sendAndReceive(clustered, "through the node that answers").ack();
    }

    /**
     * Processes of one new deployment started at once (a fleet, four clients claiming one unique
     * key) race to make its queues and logs: each opens it and publishes, none fails because
     * another made a stream between its look-up and its create.
     */
    @Test
    void processesOpeningOneNewDeploymentAtOnceAllOpenIt() throws Exception {
        int processes = 4;
        ExecutorService starting = Executors.newFixedThreadPool(processes);
        try {
            for (int round = 0; round < 3; round++) {
                Topology fresh = round == 0 ? topology : TestTopology.unique();
                CyclicBarrier together = new CyclicBarrier(processes);
                List<Future<Transport>> opening = new ArrayList<>();
                for (int process = 0; process < processes; process++) {
                    String id = "p" + process;
                    opening.add(starting.submit(() -> {
                        together.await();
                        Transport transport = open(fresh);
                        transport.log(ANOTHER_LOG);
                        // RabbitMQ in a container nacked a publish to the quorum queue another connection had just
                        // made, still starting: refused, tried again, as the client's publisher does.
                        await().atMost(WAIT).ignoreExceptionsInstanceOf(ExecutionException.class).until(() -> {
                            transport.workQueue(QUEUE).publish(bytes(id), id).get(30, TimeUnit.SECONDS);
                            return true;
                        });
                        return transport;
                    }));
                }
                try {
                    Transport first = opening.get(0).get(90, TimeUnit.SECONDS);
                    for (Future<Transport> process : opening) {
                        process.get(90, TimeUnit.SECONDS);
                    }
                    await().atMost(WAIT).untilAsserted(() -> assertThat(depth(first, fresh.workQueue(QUEUE)))
                            .as("tasks published by the processes").isEqualTo(processes));
                } finally {
                    for (Future<Transport> process : opening) {
                        if (process.isDone()) {
                            try {
                                process.get().close();
                            } catch (ExecutionException notOpened) {
                                // The get above failed the test with it.
                            }
                        }
                    }
                    if (round > 0) {
                        cleanUp(fresh);
                    }
                }
            }
        } finally {
            starting.shutdownNow();
        }
    }

    /** Publishes one message, confirmed, and takes it from the queue, not yet acked. */
    private Delivery sendAndReceive(Transport transport, String text) throws Exception {
        transport.workQueue(QUEUE).publish(bytes(text), "m1").get(10, TimeUnit.SECONDS);
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        track(transport.workQueue(QUEUE).consume(5, received::add));
        Delivery delivery = received.poll(10, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        assertThat(text(delivery)).isEqualTo(text);
        return delivery;
    }

    /** The URI with a node that is down (a port of this machine nobody listens on) written first. */
    private static String withANodeDownFirst(String uri) throws java.io.IOException {
        int hosts = uri.indexOf("://") + 3;
        int end = hosts;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        int at = uri.lastIndexOf('@', end - 1);
        if (at >= hosts) {
            hosts = at + 1;
        }
        int down;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            down = socket.getLocalPort();
        }
        return uri.substring(0, hosts) + "127.0.0.1:" + down + "," + uri.substring(hosts);
    }

    @Test
    void aPublishedTaskIsConfirmedDeliveredAndGoneOnceAcked() throws Exception {
        Transport transport = transport();
        Delivery delivery = sendAndReceive(transport, "one");
        assertThat(delivery.redelivered()).isFalse();
        delivery.ack();

        await().atMost(WAIT).untilAsserted(() -> assertThat(depth(transport, topology.workQueue(QUEUE))).isZero());
    }

    @Test
    void aDeliveryLeftUnsettledWhenItsConsumerGoesAwayIsRedelivered() throws Exception {
        Transport transport = transport();
        transport.workQueue(QUEUE).publish(bytes("crashy"), "m1").get(10, TimeUnit.SECONDS);
        BlockingQueue<Delivery> first = new LinkedBlockingQueue<>();
        Subscription crashing = transport.workQueue(QUEUE).consume(1, first::add);
        assertThat(first.poll(10, TimeUnit.SECONDS)).isNotNull();
        crashing.close();

        BlockingQueue<Delivery> second = new LinkedBlockingQueue<>();
        track(transport.workQueue(QUEUE).consume(1, second::add));
        Delivery again = second.poll(10, TimeUnit.SECONDS);
        assertThat(again).isNotNull();
        assertThat(text(again)).isEqualTo("crashy");
        assertThat(again.redelivered()).isTrue();
        again.ack();
    }

    @Test
    void acksMadeTogetherSettleTheirOwnDeliveriesOnlyInAnyOrder() throws Exception {
        Transport transport = transport();
        for (int i = 0; i < 6; i++) {
            transport.workQueue(QUEUE).publish(bytes("t" + i), "m" + i).get(10, TimeUnit.SECONDS);
        }
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        TaskSubscription first = transport.workQueue(QUEUE).consume(6, received::add);
        await().atMost(WAIT).until(() -> received.size() == 6);
        Map<String, Delivery> byText = new HashMap<>();
        received.forEach(delivery -> byText.put(text(delivery), delivery));
        // Out of order, leaving one unsettled among them and one after them.
        transport.settleTogether(() -> List.of("t5", "t1", "t0", "t3").forEach(text -> byText.get(text).ack()));
        first.close();

        BlockingQueue<Delivery> rest = new LinkedBlockingQueue<>();
        TaskSubscription second = transport.workQueue(QUEUE).consume(10, rest::add);
        await().atMost(WAIT).until(() -> rest.size() == 2);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> rest.size() == 2);
        assertThat(rest.stream().map(TransportContractTest::text)).containsExactlyInAnyOrder("t2", "t4");
        transport.settleTogether(() -> rest.forEach(Delivery::ack));
        // Closed, a subscription gives back what it did not settle: nothing, here.
        second.close();
        await().atMost(WAIT).untilAsserted(() -> assertThat(depth(transport, topology.workQueue(QUEUE))).isZero());
    }

    @Test
    void aSubscriptionClosedWhileItsAcksAreHeldSendsThemFirst() throws Exception {
        Transport transport = transport();
        transport.workQueue(QUEUE).publish(bytes("last"), "m1").get(10, TimeUnit.SECONDS);
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        TaskSubscription draining = transport.workQueue(QUEUE).consume(1, received::add);
        Delivery last = received.poll(10, TimeUnit.SECONDS);
        assertThat(last).isNotNull();
        // A draining worker closes its subscription once its last task is settled, maybe before that
        // task's ack, made together with others, has left.
        transport.settleTogether(() -> {
            last.ack();
            draining.close();
        });

        BlockingQueue<Delivery> again = new LinkedBlockingQueue<>();
        track(transport.workQueue(QUEUE).consume(1, again::add));
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(again::isEmpty);
        await().atMost(WAIT).untilAsserted(() -> assertThat(depth(transport, topology.workQueue(QUEUE))).isZero());
    }

    @Test
    void prefetchBoundsUnsettledDeliveries() throws Exception {
        Transport transport = transport();
        for (int i = 0; i < 10; i++) {
            transport.workQueue(QUEUE).publish(bytes("t" + i), "m" + i).get(10, TimeUnit.SECONDS);
        }
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        track(transport.workQueue(QUEUE).consume(3, received::add));

        await().atMost(WAIT).until(() -> received.size() == 3);
        Thread.sleep(300);
        assertThat(received).hasSize(3);

        received.take().ack();
        await().atMost(WAIT).until(() -> received.size() == 3);
        List<String> order = new ArrayList<>();
        for (Delivery delivery : received) {
            order.add(text(delivery));
        }
        assertThat(order).containsExactly("t1", "t2", "t3");
    }

    @Test
    void aResizedWindowBoundsNewDeliveriesAndWhatWasHeldIsStillSettled() throws Exception {
        Transport transport = transport();
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        TaskSubscription subscription = track(transport.workQueue(QUEUE).consume(2, received::add));
        subscription.resize(5);
        for (int i = 0; i < 10; i++) {
            transport.workQueue(QUEUE).publish(bytes("t" + i), "m" + i).get(10, TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> received.size() == 5);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> received.size() == 5);

        List<Delivery> held = new ArrayList<>();
        received.drainTo(held);
        subscription.resize(1);
        held.forEach(Delivery::ack);
        await().atMost(WAIT).until(() -> received.size() == 1);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> received.size() == 1);
        assertThat(text(received.peek())).isEqualTo("t5");

        subscription.cancel();
        received.take().ack();
        subscription.close();
        BlockingQueue<Delivery> rest = new LinkedBlockingQueue<>();
        track(transport.workQueue(QUEUE).consume(10, rest::add));
        await().atMost(WAIT).until(() -> rest.size() == 4);
        // In any order: one pulled while the subscription stopped may come back behind the rest.
        assertThat(rest.stream().map(TransportContractTest::text)).containsExactlyInAnyOrder("t6", "t7", "t8", "t9");
        assertThatThrownBy(() -> subscription.resize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deliveriesAreSharedAmongConsumers() throws Exception {
        Transport transport = transport();
        BlockingQueue<Delivery> a = new LinkedBlockingQueue<>();
        BlockingQueue<Delivery> b = new LinkedBlockingQueue<>();
        track(transport.workQueue(QUEUE).consume(1, a::add));
        track(transport.workQueue(QUEUE).consume(1, b::add));
        transport.workQueue(QUEUE).publish(bytes("x"), "m1").get(10, TimeUnit.SECONDS);
        transport.workQueue(QUEUE).publish(bytes("y"), "m2").get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> a.size() == 1 && b.size() == 1);
        assertThat(List.of(text(a.peek()), text(b.peek()))).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void deadLettersKeepTheirReasonAndCanBeListedReplayedAndPurged() throws Exception {
        Transport transport = transport();
        for (String id : List.of("d1", "d2", "d3")) {
            transport.workQueue(QUEUE).deadLetter(bytes("body-" + id), Map.of(Headers.REASON, "failed",
                    Headers.ERROR, "boom " + id), id).get(10, TimeUnit.SECONDS);
        }
        DeadLetterQueue dead = transport.workQueue(QUEUE).deadLetters();
        List<DeadLetter> seen = new ArrayList<>();
        assertThat(dead.visit(100, letter -> seen.add(letter) && false)).isZero();
        assertThat(seen).extracting(DeadLetter::messageId).containsExactly("d1", "d2", "d3");
        assertThat(seen.get(1).reason()).containsEntry(Headers.ERROR, "boom d2").containsEntry(Headers.REASON, "failed");
        assertThat(new String(seen.get(2).body(), UTF_8)).isEqualTo("body-d3");

        assertThat(dead.visit(100, letter -> "d2".equals(letter.messageId()))).isEqualTo(1);
        List<String> left = new ArrayList<>();
        dead.visit(100, letter -> left.add(letter.messageId()) && false);
        assertThat(left).containsExactlyInAnyOrder("d1", "d3");

        assertThat(dead.purge()).isEqualTo(2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(depth(transport, topology.deadLetterQueue(QUEUE))).isZero());
    }

    @Test
    void aVisitShowsOnlyTheDeadLettersPresentWhenItBegan() throws Exception {
        Transport transport = transport();
        transport.workQueue(QUEUE).deadLetter(bytes("old"), Map.of(Headers.REASON, "failed"), "old").get(10, TimeUnit.SECONDS);
        DeadLetterQueue dead = transport.workQueue(QUEUE).deadLetters();
        List<String> seen = new ArrayList<>();
        int removed = dead.visit(100, letter -> {
            seen.add(letter.messageId());
            try {
                // What a replay does when the task fails again at once: a new letter arrives mid-visit.
                transport.workQueue(QUEUE).deadLetter(bytes("again"), Map.of(Headers.REASON, "failed"),
                        letter.messageId() + "-again").get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return true;
        });
        assertThat(seen).containsExactly("old");
        assertThat(removed).isEqualTo(1);
        List<String> left = new ArrayList<>();
        dead.visit(100, letter -> left.add(letter.messageId()) && false);
        assertThat(left).containsExactly("old-again");
    }

    @Test
    void aRetryComesBackToTheWorkQueueAfterItsDelayWithoutAnyWorkerWaiting() throws Exception {
        Transport transport = transport();
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        track(transport.workQueue(QUEUE).consume(5, received::add));
        long start = System.nanoTime();
        transport.workQueue(QUEUE).publishLater(bytes("again"), Duration.ofMillis(700), "r1").get(10, TimeUnit.SECONDS);

        Delivery back = received.poll(15, TimeUnit.SECONDS);
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(back).isNotNull();
        assertThat(text(back)).isEqualTo("again");
        assertThat(waitedMs).isGreaterThanOrEqualTo(600);
        back.ack();
    }

    @Test
    void aShortDelayIsNotHeldBehindALongerOnePublishedBeforeIt() throws Exception {
        Transport transport = transport();
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        track(transport.workQueue(QUEUE).consume(5, received::add));
        // Whatever a transport sets up for its first delay is set up before the clock starts.
        transport.workQueue(QUEUE).publishLater(bytes("warm-up"), Duration.ofMillis(1), "warm-up").get(30, TimeUnit.SECONDS);
        Delivery warmUp = received.poll(15, TimeUnit.SECONDS);
        assertThat(warmUp).isNotNull();
        warmUp.ack();

        long longSent = System.nanoTime();
        transport.workQueue(QUEUE).publishLater(bytes("long"), Duration.ofMillis(1900), "long").get(10, TimeUnit.SECONDS);
        long shortSent = System.nanoTime();
        transport.workQueue(QUEUE).publishLater(bytes("short"), Duration.ofMillis(1100), "short").get(10, TimeUnit.SECONDS);

        Delivery first = received.poll(15, TimeUnit.SECONDS);
        long firstAt = System.nanoTime();
        Delivery second = received.poll(15, TimeUnit.SECONDS);
        long secondAt = System.nanoTime();
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(List.of(text(first), text(second))).containsExactly("short", "long");
        assertThat(TimeUnit.NANOSECONDS.toMillis(firstAt - shortSent)).as("no earlier than its delay")
                .isGreaterThanOrEqualTo(1000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(firstAt - longSent))
                .as("the short delay, not held until the long one published before it was due").isLessThan(1800);
        assertThat(TimeUnit.NANOSECONDS.toMillis(secondAt - longSent)).isGreaterThanOrEqualTo(1800);
        first.ack();
        second.ack();
    }

    @Test
    void afterCancelNothingNewArrivesButHeldDeliveriesCanStillBeAcked() throws Exception {
        Transport transport = transport();
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        Subscription subscription = track(transport.workQueue(QUEUE).consume(5, received::add));
        transport.workQueue(QUEUE).publish(bytes("held"), "m1").get(10, TimeUnit.SECONDS);
        Delivery held = received.poll(10, TimeUnit.SECONDS);
        assertThat(held).isNotNull();

        subscription.cancel();
        transport.workQueue(QUEUE).publish(bytes("later"), "m2").get(10, TimeUnit.SECONDS);
        held.ack();
        subscription.close();

        assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(depth(transport, topology.workQueue(QUEUE))).isEqualTo(1));
    }

    @Test
    void theEventLogIsReadFromAPointInTimeAndFollowedByEveryReader() throws Exception {
        Transport transport = transport();
        long before = System.currentTimeMillis() - 1_000;
        for (String event : List.of("e1", "e2", "e3")) {
            transport.log(Logs.EVENTS).append(bytes(event)).get(10, TimeUnit.SECONDS);
        }
        List<String> first = Collections.synchronizedList(new ArrayList<>());
        track(transport.log(Logs.EVENTS).read(before, body -> first.add(new String(body, UTF_8))));
        await().atMost(WAIT).until(() -> first.size() == 3);

        transport.log(Logs.EVENTS).append(bytes("e4")).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> first.size() == 4);
        assertThat(first).containsExactly("e1", "e2", "e3", "e4");

        List<String> second = Collections.synchronizedList(new ArrayList<>());
        track(open(topology).log(Logs.EVENTS).read(before, body -> second.add(new String(body, UTF_8))));
        await().atMost(WAIT).until(() -> second.size() == 4);
        assertThat(second).containsExactly("e1", "e2", "e3", "e4");
    }

    /**
     * What runs once a publish or an append is confirmed may wait on the transport again, as a
     * worker's group commit does when it appends the next group: the confirm must not come on
     * the thread that reads the broker's answers, where that wait would wait for itself (a
     * NATS consumer froze so after a server restart). Many tries, so that some continuations
     * are attached before their confirm arrives rather than run at once by the caller.
     */
    @Test
    void whatRunsOnAConfirmMayWaitForTheNextOne() throws Exception {
        Transport transport = transport();
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String n = Integer.toString(i);
            chains.add(transport.log(Logs.EVENTS).append(bytes("a" + n)).thenRun(() -> waitFor(
                    transport.workQueue(QUEUE).publish(bytes("p" + n), "p" + n))));
            chains.add(transport.workQueue(QUEUE).publish(bytes("q" + n), "q" + n).thenRun(() -> waitFor(
                    transport.log(Logs.EVENTS).append(bytes("b" + n)))));
        }
        CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> assertThat(depth(transport, topology.workQueue(QUEUE)))
                .isEqualTo(40));
    }

    private static void waitFor(CompletableFuture<Void> confirm) {
        try {
            confirm.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("a confirm awaited from a continuation did not come: " + e, e);
        }
    }

    @Test
    void aLaneIsAQueueOfItsOwnThatSharesTheWorkQueuesDeadLettersOrIsRefusedInOneLine() throws Exception {
        Transport transport = transport();
        Lane high = Lane.of(Priority.HIGH, null);
        if (!transport.capabilities().has(Capability.LANES)) {
            assertThatThrownBy(() -> transport.workQueue(QUEUE, high)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("priorities and keys need a transport with lanes");
            return;
        }
        transport.workQueue(QUEUE, high).publish(bytes("urgent"), "m1").get(10, TimeUnit.SECONDS);
        BlockingQueue<Delivery> urgent = new LinkedBlockingQueue<>();
        track(transport.workQueue(QUEUE, high).consume(5, urgent::add));

        Delivery delivery = urgent.poll(10, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        assertThat(text(delivery)).isEqualTo("urgent");
        transport.workQueue(QUEUE, high).deadLetter(delivery.body(), Map.of(Headers.REASON, "failed"), "m1")
                .get(10, TimeUnit.SECONDS);
        delivery.ack();
        await().atMost(WAIT).untilAsserted(() -> assertThat(transport.statistics().status(List.of(QUEUE)).get(1)
                .messages()).as("the work queue's dead letters").isEqualTo(1));

        transport.workQueue(QUEUE, Lane.of(Priority.NORMAL, "tenant-a")).publish(bytes("keyed"), "m2")
                .get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> assertThat(transport.statistics().status(List.of(QUEUE)).get(0)
                .messages()).as("ready across the lanes").isEqualTo(1));
    }

    /**
     * Every log made from a spec (the deployment's, and one a new feature would declare) is
     * apart from the others, and the same spec gives the same log, to this connection and to
     * another. Each log's last entry is appended after every other log's entries, so once a
     * reader has it, an entry that leaked in from another log would have been read too.
     */
    @Test
    void everyLogMadeFromASpecIsALogOfItsOwn() throws Exception {
        Transport transport = transport();
        long before = System.currentTimeMillis() - 1_000;
        List<LogSpec> specs = new ArrayList<>(Logs.ALL);
        specs.add(ANOTHER_LOG);
        for (LogSpec spec : specs) {
            transport.log(spec).append(bytes(spec.name() + "-1")).get(10, TimeUnit.SECONDS);
        }
        for (LogSpec spec : specs) {
            transport.log(spec).append(bytes(spec.name() + "-2")).get(10, TimeUnit.SECONDS);
        }
        for (LogSpec spec : specs) {
            List<String> read = Collections.synchronizedList(new ArrayList<>());
            track(open(topology).log(spec).read(before, body -> read.add(new String(body, UTF_8))));
            await().atMost(WAIT).until(() -> read.contains(spec.name() + "-2"));
            assertThat(read).as(spec.name()).containsExactly(spec.name() + "-1", spec.name() + "-2");
        }
    }

    @Test
    void statusReportsDepthAndConsumersOfTheQueueAndItsDeadLetterQueue() throws Exception {
        Transport transport = transport();
        transport.workQueue(QUEUE).publish(bytes("a"), "m1").get(10, TimeUnit.SECONDS);
        transport.workQueue(QUEUE).publish(bytes("b"), "m2").get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).untilAsserted(() -> {
            List<QueueInfo> status = transport.statistics().status(List.of(QUEUE));
            assertThat(status).extracting(QueueInfo::name, QueueInfo::exists, QueueInfo::messages, QueueInfo::consumers)
                    .containsExactly(tuple(topology.workQueue(QUEUE), true, 2L, 0),
                            tuple(topology.deadLetterQueue(QUEUE), true, 0L, 0));
            assertThat(status.get(0).retrying()).isIn(0L, QueueInfo.UNKNOWN);
        });
        assertThat(transport.statistics().status(List.of("never-used")).get(0).exists()).isFalse();
    }

    @Test
    void statusCountsTasksWaitingOutARetryDelayWhereTheBrokerCanTell() throws Exception {
        Transport transport = transport();
        transport.workQueue(QUEUE).publish(bytes("declare"), "m0").get(10, TimeUnit.SECONDS);
        transport.workQueue(QUEUE).publishLater(bytes("later"), Duration.ofMinutes(10), "m1").get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).untilAsserted(() -> {
            QueueInfo work = transport.statistics().status(List.of(QUEUE)).get(0);
            if (work.retrying() != QueueInfo.UNKNOWN) {
                assertThat(work.retrying()).isEqualTo(1);
                assertThat(work.messages()).as("a delayed task is not ready").isEqualTo(1);
            }
        });
    }

    @Test
    void describeNeverShowsThePassword() {
        assertThat(transport().describe()).doesNotContain("guest:guest");
    }

    private static long depth(Transport transport, String fullName) {
        return transport.statistics().status(List.of(QUEUE)).stream()
                .filter(info -> info.name().equals(fullName))
                .findFirst().orElseThrow().messages();
    }
}
