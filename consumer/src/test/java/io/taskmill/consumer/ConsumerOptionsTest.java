package io.taskmill.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every option is checked before the worker connects: a bad value is a one-line error, never a silent default. */
class ConsumerOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--concurrency -5                              | --concurrency must be 0 or more",
            "--prefetch -3                                 | --prefetch must be 0 or more",
            "--drain-timeout 60                            | has no unit",
            "--drain-timeout PT-5S                         | is negative",
            "--hung-grace 0                                | --hung-grace must be more than 0",
            "--max-attempts 0                              | --max-attempts must be 1 or more",
            "--broker amqp://localhost?delivery-limit=1    | delivery-limit must be 2 or more",
            "--broker amqp://localhost?queue-typ=classic   | unknown parameter 'queue-typ'",
            "--broker mem://x?delivery-limit=3             | mem:// takes no options",
            "--broker amqp://guest:s3cret@nohost.example:x | bad broker URI amqp://...",
            "--concurency 2                                | did you mean --concurrency?"})
    void aBadValueIsAOneLineErrorWithExit64(String args, String message) {
        StringWriter err = new StringWriter();
        var commandLine = ConsumerMain.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args.split(" "));
        assertThat(code).as(err.toString()).isEqualTo(64);
        assertThat(err.toString().strip()).startsWith("taskmill-consumer: ").contains(message).doesNotContain("\n")
                .doesNotContain("s3cret");
    }

    /** The port is checked before the broker is reached: an unreachable broker here would be exit 69. */
    @Test
    void aTakenHttpPortIsAOneLineErrorBeforeTheWorkerConnects() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();
            var commandLine = ConsumerMain.commandLine();
            commandLine.setErr(new PrintWriter(err, true));
            int code = commandLine.execute("--broker", "amqp://guest@127.0.0.1:1", "--http-port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(code).as(err.toString()).isEqualTo(64);
            assertThat(err.toString().strip()).startsWith("taskmill-consumer: cannot serve --http-port on 127.0.0.1:"
                    + taken.getLocalPort()).doesNotContain("\n");
        }
    }
}
