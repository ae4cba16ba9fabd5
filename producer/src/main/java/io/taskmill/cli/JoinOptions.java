package io.taskmill.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How a command that waits for a batch waits and reports. */
final class JoinOptions {

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up after this long (e.g. 90s, 1m30s, 2h, PT1M); exit 2 listing what is missing. "
                    + "Default (or 0): wait as long as tasks keep coming.")
    Duration timeout;

    @Option(names = "--seal-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:TASKMILL_SEAL_TIMEOUT:-10m}",
            description = "Give up on a batch that is not sealed and of which nothing happens for this long: its "
                    + "producer is gone (exit 66; env TASKMILL_SEAL_TIMEOUT; default: ${DEFAULT-VALUE}).")
    Duration sealTimeout;

    @Option(names = "--json", description = JsonOutput.OBJECT)
    boolean json;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;
}
