package io.taskmill.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskmill.transport.BrokerAddress;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AmqpOptionsTest {

    private static AmqpOptions of(String uri) {
        return AmqpOptions.of(BrokerAddress.parse(uri));
    }

    @Test
    void aUriOfSeveralNodesGivesEveryQueueACopyANodeUpToThree() {
        assertThat(of("amqp://app:secret@h1,h2/prod").replicas()).isEqualTo(OptionalInt.of(2));
        assertThat(of("amqp://h1,h2,h3,h4,h5").replicas()).isEqualTo(OptionalInt.of(3));
        assertThat(of("amqp://h1,h2,h3?replicas=1").replicas()).isEqualTo(OptionalInt.of(1));
    }

    /** One address may be a load balancer in front of a cluster: the broker decides (RabbitMQ: every node). */
    @Test
    void aUriOfOneNodeLeavesTheCopiesToTheBroker() {
        assertThat(of("amqp://h1").replicas()).isEmpty();
        assertThat(of("amqp://h1?replicas=1").replicas()).isEqualTo(OptionalInt.of(1));
        assertThat(of("amqp://h1,h2?queue-type=classic").replicas()).isEmpty();
    }

    @Test
    void moreCopiesThanNamedNodesAreRefusedInOneLineWithoutThePassword() {
        assertThatThrownBy(() -> of("amqp://app:secret@h1:5672,h2:5672,h3:5672/prod?replicas=4"))
                .hasMessage("bad broker URI amqp://app:***@h1:5672,h2:5672,h3:5672/prod: replicas=4 asks for more "
                        + "copies than the URI names nodes (3): name every node of the cluster");
        assertThatThrownBy(() -> of("amqp://h1?replicas=2")).hasMessageContaining("the URI names nodes (1)");
        assertThatThrownBy(() -> of("amqp://h1?replicas=0")).hasMessageContaining("replicas must be 1 or more");
        assertThatThrownBy(() -> of("amqp://h1,h2?replicas=2&queue-type=classic"))
                .hasMessageContaining("replicas=2 needs queue-type=quorum");
    }
}
