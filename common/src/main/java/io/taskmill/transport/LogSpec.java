package io.taskmill.transport;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A log as the feature that needs it declares it; a transport makes it with
 * {@link Transport#log(LogSpec)}, so a new log is a new spec, not a new method on every
 * broker. The deployment's logs are listed in {@link Logs}.
 *
 * @param name      the short name, under the deployment's prefix ({@code events} is
 *                  {@code taskmill.events})
 * @param retention the log's own limits, or empty for the deployment's ({@code log-max-age}
 *                  and {@code log-max-bytes} in the broker URI)
 */
public record LogSpec(String name, Optional<LogRetention> retention) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    public LogSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a log's name is lower-case letters, digits and '-', was '" + name + "'");
        }
    }

    /** A log kept as the deployment's URI says. */
    public static LogSpec keptAsDeployed(String name) {
        return new LogSpec(name, Optional.empty());
    }

    /** A log with limits of its own, whatever the URI says. */
    public static LogSpec kept(String name, LogRetention retention) {
        return new LogSpec(name, Optional.of(retention));
    }

    /** What this log keeps on a deployment whose URI asks for {@code deployment}. */
    public LogRetention retentionUnder(LogRetention deployment) {
        return retention.orElse(deployment);
    }
}
