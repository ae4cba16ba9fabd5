package io.taskmill.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.transport.LogRetention;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Topology;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class QueueSpecTest {

    private final Topology topology = Topology.defaults();

    private QueueSpec stream(LogSpec log) {
        return QueueSpec.logStream(topology.log(log), log.retentionUnder(LogRetention.defaults()), OptionalInt.empty());
    }

    /** RabbitMQ refuses a declaration whose arguments differ in any way from the stream's: these are an earlier Taskmill's. */
    @Test
    void theDeploymentsLogsAreDeclaredWithTheArgumentsTheirStreamsAlreadyHave() {
        assertThat(stream(Logs.EVENTS)).isEqualTo(new QueueSpec("taskmill.events", Map.of("x-queue-type", "stream",
                "x-max-age", "7D", "x-max-length-bytes", 5_000_000_000L, "x-stream-max-segment-size-bytes", 50_000_000)));
        assertThat(stream(Logs.CONTROL).arguments()).isEqualTo(stream(Logs.EVENTS).arguments());
        assertThat(stream(Logs.PRESENCE)).isEqualTo(new QueueSpec("taskmill.presence", Map.of("x-queue-type", "stream",
                "x-max-age", "60m", "x-stream-max-segment-size-bytes", 1_000_000)));
        assertThat(stream(Logs.SCHEDULES)).isEqualTo(new QueueSpec("taskmill.schedules", Map.of("x-queue-type",
                "stream", "x-max-length-bytes", 1_000_000_000L, "x-stream-max-segment-size-bytes", 10_000_000)));
    }

    @Test
    void aSegmentIsAHundredthOfTheSizeLimitWithinBounds() {
        assertThat(QueueSpec.segmentBytes(LogRetention.bySize(1_000_000))).isEqualTo(100_000);
        assertThat(QueueSpec.segmentBytes(LogRetention.bySize(2_000_000_000L))).isEqualTo(20_000_000);
        assertThat(QueueSpec.segmentBytes(LogRetention.bySize(1_000_000_000_000L))).isEqualTo(50_000_000);
    }

    @Test
    void anAgeIsWrittenInTheLargestWholeUnit() {
        assertThat(QueueSpec.maxAge(java.time.Duration.ofDays(2))).isEqualTo("2D");
        assertThat(QueueSpec.maxAge(java.time.Duration.ofHours(12))).isEqualTo("720m");
        assertThat(QueueSpec.maxAge(java.time.Duration.ofSeconds(90))).isEqualTo("90s");
    }

    /** RabbitMQ's names for a quorum queue's and a stream's copies, set only when the URI asks for copies. */
    @Test
    void copiesAreDeclaredOnQuorumQueuesAndStreams() {
        AmqpOptions three = AmqpOptions.of(io.taskmill.transport.BrokerAddress.parse("amqp://h1,h2,h3"));
        assertThat(QueueSpec.workQueue(topology, three, "q").arguments()).containsEntry(Copies.QUORUM, 3);
        assertThat(QueueSpec.deadLetterQueue(topology, three, "q").arguments()).containsEntry(Copies.QUORUM, 3);
        assertThat(QueueSpec.logStream("s", LogRetention.defaults(), three.replicas()).arguments())
                .containsEntry(Copies.STREAM, 3);
        assertThat(QueueSpec.workQueue(topology, AmqpOptions.defaults(), "q").arguments())
                .doesNotContainKeys(Copies.QUORUM, Copies.STREAM);
    }
}
