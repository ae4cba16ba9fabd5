package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkersCommandTest {

    @Test
    void runTimesReadInMillisecondsBelowASecondAndInSecondsAbove() {
        assertThat(WorkersCommand.runTimes(Map.of("sleep", 2_012.0, "count", 1.26, "noop", 0.0)))
                .isEqualTo("count=1.3ms noop=0.0ms sleep=2.0s");
        assertThat(WorkersCommand.runTimes(Map.of())).isEqualTo("-");
    }
}
