package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fault contract on a three-node RabbitMQ cluster of the suite's own, in containers (every
 * quorum queue and stream with three copies, the URI naming the three): a restart and a kill
 * -9 strike the node leading the work queue mid-batch, and the processes on it move to the
 * others. The table goes to {@code target/rabbit-cluster-fault-suite.md}.
 */
class RabbitClusterFaultSuiteIT extends FaultContract {

    private FaultBroker cluster;

    @Override
    protected FaultyBroker startBroker() throws Exception {
        DockerRequirement.require("RabbitClusterFaultSuiteIT");
        cluster = FaultBroker.cluster(3);
        return cluster;
    }

    @Override
    protected String tableFile() {
        return "rabbit-cluster-fault-suite.md";
    }

    /** What the cluster says of the copies of every queue and stream a deployment made. */
    @Test
    void everyQueueAndStreamIsMadeWithTheCopiesTheUriAsks() throws Exception {
        Topology three = new Topology("copies-" + UUID.randomUUID());
        use(cluster.uri(), three);
        assertThat(copies(three)).isNotEmpty().allSatisfy((queue, members) ->
                assertThat(members).as(queue).isEqualTo(3));

        Topology two = new Topology("copies-" + UUID.randomUUID());
        use(cluster.uri() + "?replicas=2", two);
        assertThat(copies(two)).isNotEmpty().allSatisfy((queue, members) -> assertThat(members).as(queue).isEqualTo(2));

        // Asked for other copies than it was made with, a deployment goes on with its queues as they are.
        use(cluster.uri() + "?replicas=1", three);
        assertThat(copies(three)).allSatisfy((queue, members) -> assertThat(members).as(queue).isEqualTo(3));

        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse(cluster.uri() + "?replicas=4"), three))
                .hasMessageContaining("replicas=4 asks for more copies than the URI names nodes (3)")
                .hasMessageNotContaining("guest:guest");
    }

    /** Opens a deployment (its logs), publishes one task (its work queue and dead letters) and a delayed one. */
    private static void use(String uri, Topology topology) throws Exception {
        try (Transport transport = Transports.open(BrokerAddress.parse(uri), topology)) {
            byte[] task = "{}".getBytes(StandardCharsets.UTF_8);
            transport.workQueue("default").publish(task, "t1").get(30, TimeUnit.SECONDS);
            transport.workQueue("default").deadLetters();
        }
    }

    /** Queue name to its count of copies, for the quorum queues and streams under a prefix. */
    private Map<String, Integer> copies(Topology topology) throws Exception {
        RabbitNodes nodes = cluster.nodes();
        JsonNode queues = new ObjectMapper().readTree(nodes.rabbitmqctl(nodes.nodes().get(0), "list_queues", "name",
                "type", "members", "--formatter", "json", "--quiet"));
        Map<String, Integer> copies = new TreeMap<>();
        for (JsonNode queue : queues) {
            String name = queue.path("name").asText();
            String type = queue.path("type").asText();
            if (name.startsWith(topology.prefix() + ".") && (type.equals("quorum") || type.equals("stream"))) {
                copies.put(name, queue.path("members").size());
            }
        }
        return copies;
    }
}
