package io.taskmill.dashboard;

import io.taskmill.client.DeadLetters;
import io.taskmill.client.QueueStatus;
import io.taskmill.client.TaskmillClient;
import io.taskmill.fleet.FleetWatch;
import io.taskmill.fleet.WorkerHeartbeat;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.transport.Headers;
import io.taskmill.transport.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the dashboard's picture of a deployment: follows the event log (and the control
 * log, for workflows) into a {@link BatchBoard} and the presence log into a {@link FleetWatch}, and asks the broker
 * for the queue and its dead letters. {@link #refresh()} builds a new snapshot; pages only
 * ever read the latest, so any number of them cost the broker nothing more.
 */
final class DashboardData implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardData.class);
    private static final int DEAD_LETTERS_SHOWN = 50;
    /** Listing dead letters takes them off the queue and puts them back: not every second. */
    private static final Duration DEAD_LETTER_EVERY = Duration.ofSeconds(3);

    private final TaskmillClient client;
    private final String queue;
    private final Clock clock;
    private final BatchBoard board;
    private final Subscription events;
    private final Subscription control;
    private final FleetWatch fleet;
    private final AtomicReference<DashboardSnapshot> latest = new AtomicReference<>();
    private volatile List<DashboardSnapshot.DeadLetterRow> deadLetters = List.of();
    private volatile long deadLettersAt;

    DashboardData(TaskmillClient client, String queue, Duration lookBack, Clock clock) {
        this.client = client;
        this.queue = queue;
        this.clock = clock;
        this.board = new BatchBoard(client.codec());
        this.fleet = client.watchFleet();
        this.events = client.followEvents(clock.millis() - lookBack.toMillis(),
                body -> board.onEntry(body, clock.millis()));
        this.control = client.followControl(clock.millis() - lookBack.toMillis(), board::onControl);
    }

    DashboardSnapshot latest() {
        return latest.get();
    }

    /** Builds the next snapshot; what the broker cannot tell now is left as it was, and said. */
    DashboardSnapshot refresh() {
        long now = clock.millis();
        List<WorkerHeartbeat> workers = fleet.live();
        String problem = null;
        QueueStatus status = null;
        try {
            status = client.status(List.of(queue), workers).get(0);
            if (now - deadLettersAt >= DEAD_LETTER_EVERY.toMillis()) {
                deadLetters = readDeadLetters();
                deadLettersAt = now;
            }
        } catch (RuntimeException e) {
            problem = "cannot ask the broker: " + e.getMessage();
            LOG.warn(problem);
        }
        DashboardSnapshot snapshot = new DashboardSnapshot(now, client.broker(), status, board.rows(now), workers,
                deadLetters, board.failures(), problem,
                status != null && status.exists() && status.unattended() ? status.unattendedHint("its tasks wait") : null);
        latest.set(snapshot);
        return snapshot;
    }

    /** Lists the dead letters again at the next refresh: after a replay or a purge. */
    void deadLettersChanged() {
        deadLettersAt = 0;
    }

    private List<DashboardSnapshot.DeadLetterRow> readDeadLetters() {
        return client.deadLetters().list(DEAD_LETTERS_SHOWN, entry -> true).stream().map(DashboardData::row).toList();
    }

    private static DashboardSnapshot.DeadLetterRow row(DeadLetters.Entry entry) {
        var reason = entry.letter().reason();
        return new DashboardSnapshot.DeadLetterRow(entry.id(), entry.batch().orElse(null),
                entry.task().map(TaskEnvelope::type).orElse(null), reason.get(Headers.REASON),
                reason.get(Headers.ERROR), reason.get(Headers.ATTEMPTS), reason.get(Headers.WORKER));
    }

    @Override
    public void close() {
        events.close();
        control.close();
        fleet.close();
    }
}
