package io.taskmill.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EventPartitionsTest {

    @Test
    void oneIsTheEventLogAsItAlwaysWas() {
        assertThat(EventPartitions.ONE.of("any-batch")).isEqualTo(Logs.EVENTS);
        assertThat(EventPartitions.ONE.logs()).containsExactly(Logs.EVENTS);
        assertThat(EventPartitions.ONE.readable()).containsExactly(Logs.EVENTS);
        assertThat(EventPartitions.ONE.holding("any-batch")).containsExactly(Logs.EVENTS);
    }

    /** The values are zlib's crc32 (Python: {@code zlib.crc32(id.encode()) % n}), so a producer in any language agrees. */
    @Test
    void aBatchGoesToThePartitionOfItsIdsCrc32() {
        EventPartitions four = new EventPartitions(4);
        assertThat(four.of("20261204T163000Z-abc").name()).isEqualTo("events-p2"); // 3537239350 % 4
        assertThat(four.of("x").name()).isEqualTo("events-p3"); // 2363233923 % 4
        assertThat(new EventPartitions(7).of("batch-1").name()).isEqualTo("events-p6"); // 1344045282 % 7
    }

    @Test
    void severalPartitionsAreReadBesideTheOneLogOfBeforeWhichStaysLastToLookIn() {
        EventPartitions three = new EventPartitions(3);
        assertThat(three.logs()).extracting(LogSpec::name).containsExactly("events-p0", "events-p1", "events-p2");
        assertThat(three.readable()).extracting(LogSpec::name)
                .containsExactly("events-p0", "events-p1", "events-p2", "events");
        assertThat(three.holding("x")).containsExactly(three.of("x"), Logs.EVENTS);
        assertThat(Logs.everyProcess(three)).extracting(LogSpec::name)
                .containsExactly("events-p0", "events-p1", "events-p2", "events", "control", "presence");
    }

    @Test
    void aCountOutsideOneToTheMaximumIsRefusedInOneLine() {
        assertThatThrownBy(() -> new EventPartitions(0)).hasMessage("event-partitions must be 1 to 32, was 0");
        assertThatThrownBy(() -> new EventPartitions(33)).hasMessage("event-partitions must be 1 to 32, was 33");
        UriOptions uri = UriOptions.of(BrokerAddress.parse("amqp://localhost?event-partitions=many"),
                EventPartitions.PARAMETERS, Set.of());
        assertThatThrownBy(() -> EventPartitions.of(uri))
                .hasMessage("bad broker URI amqp://localhost: event-partitions must be a number, "
                        + "was 'many'");
    }

    @Test
    void aTaskMayNameTheOneLogOrAPartitionUnderAnyCountAndNothingElse() {
        assertThat(EventPartitions.named("events")).isEqualTo(Logs.EVENTS);
        assertThat(EventPartitions.named("events-p31")).isEqualTo(new EventPartitions(32).logs().get(31));
        for (String other : new String[] {"events-p32", "events-p07", "control", "events-p"}) {
            assertThatThrownBy(() -> EventPartitions.named(other))
                    .hasMessage("not an event log: '" + other + "' (events, or events-p0 to events-p31)");
        }
    }

    @Test
    void noWorkQueueMayTakeThePartitionsNames() {
        assertThat(Logs.taken("events-p0")).isTrue();
        assertThat(Logs.taken("events-p17")).isTrue();
        assertThat(Logs.taken("events-pool")).isFalse();
        assertThatThrownBy(() -> Topology.defaults().workQueue("events-p1"))
                .hasMessageContaining("not a usable queue name");
    }
}
