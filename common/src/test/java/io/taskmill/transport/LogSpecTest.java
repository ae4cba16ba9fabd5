package io.taskmill.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LogSpecTest {

    private final LogRetention deployment = LogRetention.of(Duration.ofDays(2), 20_000_000_000L);

    @Test
    void aLogKeptAsDeployedTakesTheUrisRetentionAndOneWithItsOwnKeepsIt() {
        assertThat(Logs.EVENTS.retentionUnder(deployment)).isEqualTo(deployment);
        assertThat(Logs.CONTROL.retentionUnder(deployment)).isEqualTo(deployment);
        assertThat(Logs.PRESENCE.retentionUnder(deployment)).isEqualTo(LogRetention.byAge(Duration.ofHours(1)));
        assertThat(Logs.SCHEDULES.retentionUnder(deployment).maxAge()).as("a definition outlives any age").isEmpty();
    }

    @Test
    void aLogWithoutAnyLimitIsRefusedForItWouldFillTheDisk() {
        assertThatThrownBy(() -> new LogRetention(Optional.empty(), OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fills the broker's disk");
        assertThatThrownBy(() -> LogRetention.bySize(999_999)).hasMessageContaining("at least 1MB");
        assertThatThrownBy(() -> LogRetention.byAge(Duration.ofMillis(500))).hasMessageContaining("at least 1s");
    }

    @Test
    void aLogsNameIsTakenFromEveryWorkQueueAndIsAPlainWord() {
        assertThat(Logs.taken("events")).isTrue();
        assertThat(Logs.taken("reports")).isFalse();
        assertThatThrownBy(() -> LogSpec.keptAsDeployed("a.b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Topology.defaults().log(Logs.SCHEDULES)).isEqualTo("taskmill.schedules");
    }
}
