package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the CLI tells an operator whose batch cannot make progress, from the processes a user runs. */
class OperatorHintsIT {

    @Test
    void aJoinOnAQueueNobodyConsumesSaysSoAndEndsTimedOut() throws Exception {
        try (Deployment deployment = new Deployment("no-consumer")) {
            CliProcess.Result submit = deployment.cli("submit", Duration.ofMinutes(1), "submit", "--type", "noop",
                    "--payload", "{}", "--quiet");
            assertThat(submit.exitCode()).as(submit.err()).isZero();

            CliProcess.Result join = deployment.cli("join", Duration.ofMinutes(1), "join", submit.out().strip(),
                    "--timeout", "15s");

            assertThat(join.exitCode()).as(join.err()).isEqualTo(2);
            assertThat(join.err()).contains("taskmill: no consumer on queue default (0 live workers): the batch waits "
                    + "until one starts (bin/taskmill-consumer --queue default)");
            assertThat(join.out()).contains("tasks per worker: none").contains("TIMED OUT");
        }
    }
}
