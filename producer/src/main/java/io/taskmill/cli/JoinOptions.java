package io.taskmill.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How a command that waits for a batch waits and reports. */
final class JoinOptions {

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up after this long (e.g. 90s, 10m, 2h, PT1M); exit 2 listing what is missing. "
                    + "Default: wait as long as it takes.")
    Duration timeout;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;
}
