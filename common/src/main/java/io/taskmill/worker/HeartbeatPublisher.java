package io.taskmill.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.fleet.WorkerHeartbeat;
import io.taskmill.transport.EventLog;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends the worker's heartbeat to the presence log at an interval ({@link WorkerHeartbeat#INTERVAL}
 * in a worker), and once more soon after it is asked to. A heartbeat that does not get
 * through is not retried: the next one says the same, newer.
 */
final class HeartbeatPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPublisher.class);

    /**
     * How long an early heartbeat waits: what else changes meanwhile goes with it, so a worker
     * whose times keep moving adds at most two heartbeats a second to the presence log.
     */
    static final Duration SOON = Duration.ofMillis(500);

    private final EventLog presence;
    private final ObjectMapper mapper;
    private final Supplier<WorkerHeartbeat> snapshot;
    private final Duration every;
    private volatile ScheduledExecutorService timer;
    private ScheduledFuture<?> schedule;
    /** An early heartbeat is due; asked from workers' threads, which never wait on the presence log. */
    private final AtomicBoolean early = new AtomicBoolean();
    private volatile boolean stopped;

    HeartbeatPublisher(EventLog presence, ObjectMapper mapper, Supplier<WorkerHeartbeat> snapshot, Duration every) {
        this.presence = presence;
        this.mapper = mapper;
        this.snapshot = snapshot;
        this.every = every;
    }

    /** Says the worker is here before returning, so that whoever started it can find it at once; then every interval. */
    synchronized void start(ScheduledExecutorService timer) {
        this.timer = timer;
        beat();
        schedule = timer.scheduleWithFixedDelay(this::beat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One heartbeat more, {@link #SOON} from now, unless one is already due then; nothing before start or after stop. */
    void soon() {
        ScheduledExecutorService timer = this.timer;
        if (timer == null || stopped || !early.compareAndSet(false, true)) {
            return;
        }
        try {
            timer.schedule(this::beatEarly, SOON.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping: the last heartbeat says the rest.
        }
    }

    private void beatEarly() {
        early.set(false);
        // After stop the last heartbeat has been said: nothing may follow it.
        if (!stopped) {
            beat();
        }
    }

    /** Stops the schedule and says so, waiting briefly for that last word to be written. */
    synchronized void stop() {
        stopped = true;
        if (schedule != null) {
            schedule.cancel(false);
        }
        try {
            beat().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("last heartbeat not confirmed: {}", e.toString());
        }
    }

    private CompletableFuture<Void> beat() {
        try {
            return presence.append(mapper.writeValueAsBytes(snapshot.get())).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.debug("heartbeat not written: {}", failure.toString());
                }
            });
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debug("heartbeat not written: {}", e.toString());
            return CompletableFuture.failedFuture(e);
        }
    }
}
