package io.taskmill.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopologyTest {

    private final Topology topology = Topology.defaults();

    @Test
    void everyNameIsUnderThePrefix() {
        assertThat(topology.workQueue("default")).isEqualTo("taskmill.default");
        assertThat(topology.workQueue("taskmill.default")).isEqualTo("taskmill.default");
        assertThat(topology.deadLetterQueue("default")).isEqualTo("taskmill.default.dlq");
        assertThat(topology.log(Logs.EVENTS)).isEqualTo("taskmill.events");
    }

    @Test
    void namesThatWouldCollideWithOurOwnAreRefused() {
        for (LogSpec log : Logs.ALL) {
            assertThatThrownBy(() -> topology.workQueue(log.name())).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> topology.workQueue("x.dlq")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> topology.workQueue("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aQueuesFirstPartitionIsTheQueueItselfAndNoQueueMayTakeAnotherPartitionsName() {
        assertThat(topology.workQueue("default", Lane.DEFAULT, 0)).isEqualTo("taskmill.default");
        assertThat(topology.workQueue("default", Lane.DEFAULT, 2)).isEqualTo("taskmill.default.part-2");
        assertThat(topology.workQueue("default", Lane.of(Priority.HIGH, null), 1))
                .isEqualTo("taskmill.default.lane-high.part-1");
        assertThatThrownBy(() -> topology.workQueue("default.part-2")).hasMessageContaining("not a usable queue name");
        assertThatThrownBy(() -> topology.workQueue("part-2")).hasMessageContaining("not a usable queue name");
    }

    @Test
    void brokerAddressesNeverPrintThePassword() {
        assertThat(BrokerAddress.parse("amqp://user:s3cret@host:5672/vh").toString())
                .isEqualTo("amqp://user:***@host:5672/vh");
        assertThatThrownBy(() -> BrokerAddress.parse("amqp://user:s3cret@ho st"))
                .hasMessageNotContaining("s3cret");
    }
}
