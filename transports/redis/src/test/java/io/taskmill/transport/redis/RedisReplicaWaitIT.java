package io.taskmill.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.taskmill.testing.TestTopology;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import io.taskmill.transport.Transports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ?wait-replicas=N}: on a primary and a replica of the test's own, a publish is confirmed
 * once the replica holds it, and fails in one line, within the wait timeout, once no replica
 * acknowledges it.
 */
class RedisReplicaWaitIT {

    private static RedisServer primary;
    private static RedisServer replica;

    @BeforeAll
    static void startServers() throws Exception {
        Path logs = Path.of("target", "redis-replica-logs");
        primary = new RedisServer(logs);
        replica = new RedisServer(logs, false, List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (replica != null) {
            replica.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void aPublishIsConfirmedOnceTheReplicaHoldsItAndRefusedInOneLineWhenNoReplicaAcknowledgesIt() throws Exception {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> toPrimary = client.connect(io.lettuce.core.RedisURI.create(
                primary.uri()));
             StatefulRedisConnection<String, String> toReplica = client.connect(io.lettuce.core.RedisURI.create(
                     replica.uri()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> toPrimary.sync().info("replication")
                    .contains("connected_slaves:1") && toReplica.sync().info("replication")
                    .contains("master_link_status:up"));
            Topology topology = TestTopology.unique();
            try (Transport transport = Transports.open(BrokerAddress.parse(primary.uri()
                    + "?wait-replicas=1&wait-timeout=1500ms"), topology)) {
                transport.workQueue("work").publish("copied".getBytes(), "t1").get(10, TimeUnit.SECONDS);
                assertThat(toReplica.sync().xlen(topology.workQueue("work"))).as("entries the replica holds")
                        .isEqualTo(1);

                replica.kill();
                long sent = System.nanoTime();
                assertThatThrownBy(() -> transport.workQueue("work").publish("lonely".getBytes(), "t2")
                        .get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(TransportException.class)
                        .hasMessageContaining("0 of 1 replicas (wait-replicas=1) acknowledged the write within "
                                + "1500 ms").hasMessageNotContaining("\n");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).as("ms to the refusal")
                        .isGreaterThanOrEqualTo(1_400).isLessThan(8_000);
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aNegativeReplicaCountIsAOneLineError() {
        assertThatThrownBy(() -> Transports.open(BrokerAddress.parse(primary.uri() + "?wait-replicas=-1"),
                TestTopology.unique())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wait-replicas must be 0 or more, was -1");
    }
}
