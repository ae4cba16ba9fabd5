package io.taskmill.cli;

import io.taskmill.client.TaskmillClient;
import io.taskmill.dashboard.Dashboard;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code taskmill dashboard}: the deployment on a web page, until stopped. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serve a web dashboard of the deployment: batches with live progress, rate and ETA; the "
                + "workers and their heartbeats; failures with their remote error; the dead-letter queue with replay "
                + "and purge; cancel for a batch. Runs until stopped (Ctrl-C, SIGTERM).")
final class DashboardCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:TASKMILL_DASHBOARD_PORT:-8080}",
            description = "Port to listen on; 0 picks a free one (env TASKMILL_DASHBOARD_PORT; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "${env:TASKMILL_DASHBOARD_HOST:-127.0.0.1}",
            description = "Address to listen on: loopback unless told otherwise, e.g. 0.0.0.0 in a container "
                    + "(env TASKMILL_DASHBOARD_HOST; default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:TASKMILL_DASHBOARD_TOKEN_FILE}",
            description = "File holding the token that actions (cancel, replay, purge) need (env "
                    + "TASKMILL_DASHBOARD_TOKEN_FILE, or the token itself in TASKMILL_DASHBOARD_TOKEN), at least 16 "
                    + "characters; without either, a random token is made and printed once.")
    Path tokenFile;

    @Option(names = "--allow-host", paramLabel = "NAME", split = ",",
            defaultValue = "${env:TASKMILL_DASHBOARD_ALLOW_HOSTS}",
            description = "A host name the dashboard is reached by, besides localhost, 127.0.0.1, [::1] and --host: "
                    + "requests for any other name are refused, so another site cannot read it through DNS "
                    + "rebinding (repeatable or comma-separated; env TASKMILL_DASHBOARD_ALLOW_HOSTS).")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--look-back", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "1h", description = "Show batches with events in this past (default: ${DEFAULT-VALUE}).")
    Duration lookBack;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0 to 65535, was " + port);
        }
        DashboardToken token = DashboardToken.of(tokenFile, System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        try (TaskmillClient client = CliClient.connect(broker.remote(), spec.commandLine().getErr());
             Dashboard dashboard = Dashboard.start(client, broker.queue, host, port, lookBack, token.value(),
                     Set.copyOf(allowedHosts), Clock.systemUTC())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "taskmill-dashboard-stop"));
            spec.commandLine().getErr().println("taskmill: dashboard of " + client.broker() + " on http://" + host
                    + ":" + dashboard.port() + "/" + (token.made() ? " (token for actions: " + token.value() + ")"
                    : ""));
            spec.commandLine().getErr().flush();
            stopped.await();
        }
        return ExitCodes.OK;
    }
}
