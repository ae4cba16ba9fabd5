package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI tells an operator whose batch cannot make progress, from the processes a user runs. */
class OperatorHintsIT {

    @Test
    void aJoinOnAQueueNobodyConsumesSaysSoAndEndsTimedOut() throws Exception {
        try (Deployment deployment = new Deployment("no-consumer")) {
            CliProcess.Result submit = deployment.cli("submit", Duration.ofMinutes(1), "submit", "--type", "noop",
                    "--payload", "{}", "--quiet");
            assertThat(submit.exitCode()).as(submit.err()).isZero();

            CliProcess.Result status = deployment.cli("status", Duration.ofMinutes(1), "status");
            assertThat(status.err()).contains("taskmill: no consumer on queue default (0 live workers): its tasks "
                    + "wait until one starts (bin/taskmill-consumer --queue default)");

            CliProcess.Result join = deployment.cli("join", Duration.ofMinutes(1), "join", submit.out().strip(),
                    "--timeout", "15s");

            assertThat(join.exitCode()).as(join.err()).isEqualTo(2);
            assertThat(join.err()).contains("taskmill: no consumer on queue default (0 live workers): the batch waits "
                    + "until one starts (bin/taskmill-consumer --queue default)");
            assertThat(join.out()).contains("tasks per worker: none").contains("TIMED OUT");
        }
    }

    /** On a terminal (util-linux's script gives the CLI one), dlq purge asks first, and 'n' keeps every letter. */
    @Test
    void aPurgeOnATerminalAsksFirstAndANoKeepsTheDeadLetters(@TempDir Path dir) throws Exception {
        try (Deployment deployment = new Deployment("purge-asks")) {
            deployment.startConsumer("worker");
            CliProcess.Result failed = deployment.cli("submit", Duration.ofMinutes(1), "submit", "--type", "sha512",
                    "--payload", "{\"path\": \"" + dir.resolve("missing") + "\"}", "--join", "--quiet");
            assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
            await().atMost(Duration.ofMinutes(1)).until(() -> deadLetters(deployment) == 1);

            List<String> purge = new ArrayList<>(List.of(Jars.cliLauncher().toString(), "dlq", "purge", "--broker",
                    deployment.broker(), "--prefix", deployment.topology().prefix()));
            ProcessBuilder builder = new ProcessBuilder("script", "-qec",
                    purge.stream().map(arg -> "'" + arg + "'").collect(Collectors.joining(" ")), "/dev/null")
                    .redirectErrorStream(true);
            builder.environment().put("TASKMILL_CLI_JAR", Jars.cli().toString());
            builder.environment().put("JAVA", Jars.java());
            Process process = builder.start();
            process.getOutputStream().write("n\n".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
            String terminal = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(terminal).contains("drop 1 dead letter of queue default").contains("[y/N]")
                    .contains("nothing purged");
            assertThat(deadLetters(deployment)).isEqualTo(1);
            CliProcess.Result yes = deployment.cli("purge", Duration.ofMinutes(1), "dlq", "purge", "--yes");
            assertThat(yes.out()).contains("purged 1 dead letter");
        }
    }

    @Test
    void aScheduleThatNoConsumerFiresSaysSoUntilOneDoes() throws Exception {
        try (Deployment deployment = new Deployment("no-scheduler")) {
            deployment.startConsumer("worker");
            CliAwait.await().atMost(Duration.ofMinutes(1)).until(() -> liveWorkers(deployment) == 1);
            String hint = "taskmill: no live consumer of this deployment runs --scheduler: schedules fire only while "
                    + "one does (bin/taskmill-consumer --scheduler)";

            CliProcess.Result added = deployment.cli("add", Duration.ofMinutes(1), "schedule", "add", "hourly",
                    "--cron", "0 * * * *", "--type", "noop");
            assertThat(added.exitCode()).as(added.err()).isZero();
            assertThat(added.err()).contains(hint);
            CliProcess.Result history = deployment.cli("history", Duration.ofMinutes(1), "schedule", "history",
                    "hourly");
            assertThat(history.exitCode()).as(history.err()).isZero();
            assertThat(history.err()).contains("taskmill: schedule hourly has not fired yet").contains(hint);

            deployment.startConsumer("scheduler", "--scheduler");
            CliAwait.await().atMost(Duration.ofMinutes(1)).until(() -> liveWorkers(deployment) == 2);
            CliProcess.Result again = deployment.cli("add-again", Duration.ofMinutes(1), "schedule", "add", "hourly",
                    "--cron", "0 * * * *", "--type", "noop");
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.err()).doesNotContain("--scheduler");
        }
    }

    private static long liveWorkers(Deployment deployment) throws Exception {
        return deployment.cli("workers", Duration.ofSeconds(30), "workers", "--json").out().lines().count();
    }

    private static int deadLetters(Deployment deployment) throws Exception {
        return new ObjectMapper().readTree(deployment.cli("status", Duration.ofSeconds(30), "status", "--json").out())
                .get("deadLettered").asInt();
    }
}
