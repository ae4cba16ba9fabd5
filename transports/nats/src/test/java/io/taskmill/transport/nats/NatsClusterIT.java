package io.taskmill.transport.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.TaskSubscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transports;
import io.taskmill.transport.WorkQueue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Taskmill on a three-server NATS cluster of the test's own: copies of every stream, and a server lost. */
class NatsClusterIT {

    private static final int TASKS = 300;

    private static Topology topology() {
        return new Topology("taskmill.test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void everyStreamHasThreeCopiesAndNothingConfirmedIsLostWithTheServerAClientWasOn() throws Exception {
        try (NatsCluster cluster = new NatsCluster(Path.of("target", "nats-cluster").toAbsolutePath(), 3)) {
            Topology topology = topology();
            NatsTransport transport = NatsTransport.connect(BrokerAddress.parse(cluster.uri()), topology);
            try {
                assertThat(transport.describe()).isEqualTo(cluster.uri());
                WorkQueue queue = transport.workQueue("work");
                List<CompletableFuture<Void>> confirmed = new ArrayList<>();
                for (int i = 0; i < TASKS; i++) {
                    confirmed.add(queue.publish(("task-" + i).getBytes(StandardCharsets.UTF_8), "task-" + i));
                }
                CompletableFuture.allOf(confirmed.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
                transport.log(Logs.EVENTS).append("before the loss".getBytes(StandardCharsets.UTF_8))
                        .get(30, TimeUnit.SECONDS);
                for (String stream : List.of(NatsTestBroker.workStream(topology, "work"),
                        NatsTestBroker.logStream(topology, Logs.EVENTS))) {
                    assertThat(transport.management().getStreamInfo(stream).getConfiguration().getReplicas())
                            .as(stream).isEqualTo(3);
                }

                // A worker is taking tasks when the server its client is on dies: it holds one, unsettled, until then.
                Set<String> received = ConcurrentHashMap.newKeySet();
                CountDownLatch killed = new CountDownLatch(1);
                int port;
                try (TaskSubscription subscription = queue.consume(10, delivery -> {
                    if (received.add(new String(delivery.body(), StandardCharsets.UTF_8)) && received.size() == TASKS / 3) {
                        awaitQuietly(killed);
                    }
                    delivery.ack();
                })) {
                    await().atMost(Duration.ofMinutes(1)).until(() -> received.size() >= TASKS / 3);
                    port = URI.create(transport.connection().getConnectedUrl()).getPort();
                    cluster.servers().stream().filter(server -> server.port() == port).findFirst().orElseThrow().kill();
                    killed.countDown();
                    await().atMost(Duration.ofMinutes(2)).until(() -> received.size() == TASKS);
                }
                assertThat(URI.create(transport.connection().getConnectedUrl()).getPort()).as("moved to another server")
                        .isNotEqualTo(port);
                List<String> read = Collections.synchronizedList(new ArrayList<>());
                try (Subscription reader = transport.log(Logs.EVENTS).read(0,
                        body -> read.add(new String(body, StandardCharsets.UTF_8)))) {
                    await().atMost(Duration.ofMinutes(1)).until(() -> read.contains("before the loss"));
                }
            } finally {
                transport.close();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void moreCopiesThanServersAreRefusedInOneLine() {
        // The machine's server runs alone.
        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse(NatsTestBroker.uri() + "?replicas=2"), topology()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicas=2 asks for more copies than the NATS cluster has servers (1)")
                .hasMessageNotContaining("\n");
    }
}
