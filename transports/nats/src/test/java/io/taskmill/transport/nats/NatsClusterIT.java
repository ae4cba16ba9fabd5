package io.taskmill.transport.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Taskmill on a three-server NATS cluster of the test's own: copies of every stream, and too many refused. */
class NatsClusterIT {

    private static Topology topology() {
        return new Topology("taskmill.test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * Node loss is the fault contract's (NatsClusterFaultSuiteIT kills the leader of the work
     * queue's stream mid-batch); here, what the transport makes on a cluster.
     */
    @Test
    void everyStreamHasACopyOnEachOfThreeServersAndTheClientKnowsThemAll() throws Exception {
        try (NatsCluster cluster = new NatsCluster(Path.of("target", "nats-cluster").toAbsolutePath(), 3)) {
            Topology topology = topology();
            try (NatsTransport transport = NatsTransport.connect(BrokerAddress.parse(cluster.uri()), topology)) {
                assertThat(transport.describe()).isEqualTo(cluster.uri());
                transport.workQueue("work").publish("task".getBytes(StandardCharsets.UTF_8), "task-0")
                        .get(30, TimeUnit.SECONDS);
                transport.log(Logs.EVENTS).append("entry".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
                for (String stream : List.of(NatsTestBroker.workStream(topology, "work"),
                        NatsTestBroker.logStream(topology, Logs.EVENTS), NatsTestBroker.logStream(topology, Logs.CONTROL),
                        NatsTestBroker.logStream(topology, Logs.PRESENCE))) {
                    assertThat(transport.management().getStreamInfo(stream).getConfiguration().getReplicas())
                            .as(stream).isEqualTo(3);
                }
            }
            String work = NatsTestBroker.workStream(topology, "work");
            try (NatsTransport asked = NatsTransport.connect(BrokerAddress.parse(cluster.uri() + "?replicas=2"),
                    topology)) {
                asked.workQueue("work").publish("task".getBytes(StandardCharsets.UTF_8), "task-1")
                        .get(30, TimeUnit.SECONDS);
                assertThat(asked.management().getStreamInfo(work).getConfiguration().getReplicas())
                        .as("the copies a URI asks for").isEqualTo(2);
            }
            // A process given no replicas counts the servers up when it starts: one started while a server is
            // down must not take a copy away, nor one started after an operator chose the copies put them back.
            try (NatsTransport byDefault = NatsTransport.connect(BrokerAddress.parse(cluster.uri()), topology)) {
                byDefault.workQueue("work").publish("task".getBytes(StandardCharsets.UTF_8), "task-2")
                        .get(30, TimeUnit.SECONDS);
                assertThat(byDefault.management().getStreamInfo(work).getConfiguration().getReplicas())
                        .as("copies kept without replicas in the URI").isEqualTo(2);
            }
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
