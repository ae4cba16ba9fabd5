package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CLI's logging, as a user's terminal shows it. */
class CliLoggingTest {

    @Test
    void warningsReachStderrOnOneLineAndChatterDoesNot() {
        String printed = logged(null);

        assertThat(printed).isEqualTo("taskmill: WARN JoinPass: skipping an entry" + System.lineSeparator()
                + "taskmill: ERROR AMQConnection: connection lost" + System.lineSeparator());
    }

    @Test
    void theLevelIsTheUsers() {
        assertThat(logged("debug")).contains("taskmill: INFO JoinPass: joining", "taskmill: DEBUG JoinPass: read 5");
        assertThat(logged("no-such-level")).doesNotContain("INFO").contains("WARN");
    }

    /** Logs one message at each level, and a library's warning and error, through a fresh context. */
    private static String logged(String level) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            CliLogging.configure(context, level);
            var log = context.getLogger("io.taskmill.coordinator.JoinPass");
            log.debug("read {}", 5);
            log.info("joining");
            log.warn("skipping an entry");
            var library = context.getLogger("com.rabbitmq.client.impl.AMQConnection");
            library.warn("heartbeat missed");
            library.error("connection lost");
        } finally {
            System.setErr(stderr);
            context.stop();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
