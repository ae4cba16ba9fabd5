package io.taskmill.dashboard;

import io.taskmill.client.TaskmillClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running dashboard: the deployment's batches, workers, queue and dead letters on a web
 * page, refreshed every second. {@code taskmill dashboard} runs one; an application can
 * serve one itself with {@link #start}, which is how the in-JVM transport gets one.
 */
public final class Dashboard implements AutoCloseable {

    private static final Duration REFRESH_EVERY = Duration.ofSeconds(1);

    private final DashboardData data;
    private final DashboardServer server;
    private final ScheduledExecutorService refresher;

    private Dashboard(DashboardData data, DashboardServer server, ScheduledExecutorService refresher) {
        this.data = data;
        this.server = server;
        this.refresher = refresher;
    }

    /**
     * @param lookBack how far back in the event log batches are shown from
     * @param token    what actions (cancel, replay, purge) must present
     * @param hosts    names the dashboard is reached by besides loopback's and {@code host}: it
     *                 answers no request for another name
     */
    public static Dashboard start(TaskmillClient client, String queue, String host, int port, Duration lookBack,
                                  String token, Set<String> hosts, Clock clock) {
        DashboardData data = new DashboardData(client, queue, lookBack, clock);
        data.refresh();
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskmill-dashboard-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(data::refresh, REFRESH_EVERY.toMillis(), REFRESH_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            return new Dashboard(data, new DashboardServer(host, port, client, data, token, hosts), refresher);
        } catch (RuntimeException e) {
            refresher.shutdownNow();
            data.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        server.close();
        data.close();
    }
}
