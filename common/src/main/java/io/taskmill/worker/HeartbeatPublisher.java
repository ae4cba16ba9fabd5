package io.taskmill.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.fleet.WorkerHeartbeat;
import io.taskmill.transport.EventLog;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends the worker's heartbeat to the presence log every {@link WorkerHeartbeat#INTERVAL}.
 * A heartbeat that does not get through is not retried: the next one says the same, newer.
 */
final class HeartbeatPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPublisher.class);

    private final EventLog presence;
    private final ObjectMapper mapper;
    private final Supplier<WorkerHeartbeat> snapshot;
    private ScheduledFuture<?> schedule;

    HeartbeatPublisher(EventLog presence, ObjectMapper mapper, Supplier<WorkerHeartbeat> snapshot) {
        this.presence = presence;
        this.mapper = mapper;
        this.snapshot = snapshot;
    }

    /** Says the worker is here before returning, so that whoever started it can find it at once; then every interval. */
    synchronized void start(ScheduledExecutorService timer) {
        beat();
        long every = WorkerHeartbeat.INTERVAL.toMillis();
        schedule = timer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** Stops the schedule and says so, waiting briefly for that last word to be written. */
    synchronized void stop() {
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
