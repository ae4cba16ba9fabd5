package io.taskmill.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the presence log and keeps each worker's latest heartbeat. It starts a little
 * over {@link WorkerHeartbeat#SILENCE} back, so that every live worker has been heard from
 * once it has {@linkplain #awaitCaughtUp caught up}: it appends a fence of its own and waits
 * to read it back, as a join does on the event log.
 */
public final class FleetWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetWatch.class);
    private static final String FENCE = "fence";

    private final EventLog presence;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Map<String, WorkerHeartbeat> latest = new ConcurrentHashMap<>();
    private final String fence = UUID.randomUUID().toString();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Subscription subscription;

    public FleetWatch(EventLog presence, ObjectMapper mapper, Clock clock) {
        this.presence = presence;
        this.mapper = mapper;
        this.clock = clock;
        this.subscription = presence.read(clock.millis() - WorkerHeartbeat.SILENCE.multipliedBy(2).toMillis(),
                this::onEntry);
    }

    /**
     * Waits until every heartbeat appended before this call has been read.
     *
     * @throws TransportException when the log does not give back the fence within {@code timeout}
     */
    public FleetWatch awaitCaughtUp(Duration timeout) {
        try {
            presence.append(mapper.writeValueAsBytes(Map.of("kind", FENCE, "id", fence)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TransportException("the presence log did not give back its fence within "
                        + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while reading the presence log");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | IOException e) {
            throw new TransportException("cannot write to the presence log: " + e.getMessage(), e);
        }
        return this;
    }

    /** Workers heard from lately and not stopped, by id. */
    public List<WorkerHeartbeat> live() {
        long now = clock.millis();
        return latest.values().stream().filter(beat -> beat.live(now))
                .sorted(Comparator.comparing(WorkerHeartbeat::worker)).toList();
    }

    private void onEntry(byte[] body) {
        JsonNode entry;
        try {
            entry = mapper.readTree(body);
        } catch (IOException e) {
            LOG.debug("skipped an unreadable presence entry: {}", e.getMessage());
            return;
        }
        String kind = entry.path("kind").asText();
        if (WorkerHeartbeat.KIND.equals(kind)) {
            try {
                WorkerHeartbeat beat = mapper.treeToValue(entry, WorkerHeartbeat.class);
                latest.merge(beat.worker(), beat, (old, fresh) -> fresh.at() >= old.at() ? fresh : old);
            } catch (IOException | IllegalArgumentException e) {
                LOG.debug("skipped a malformed heartbeat: {}", e.getMessage());
            }
        } else if (FENCE.equals(kind) && fence.equals(entry.path("id").asText())) {
            caughtUp.countDown();
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
