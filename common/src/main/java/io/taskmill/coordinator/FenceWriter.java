package io.taskmill.coordinator;

import io.taskmill.task.JoinFence;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.ConfirmedAppend;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a join's fence, and writes it again while the join's reader has not met it: a
 * broker killed with -9 can come back without the last entries it had confirmed (a single
 * RabbitMQ node did), and a fence among them would never be read, leaving the join reading
 * without end and without a word. A fence in the log twice is harmless: the pass is caught up
 * from the first it reads.
 */
final class FenceWriter {

    /**
     * How long a confirmed fence may go unread before it is written again: far longer than a
     * join takes to meet it on a live log, short beside any timeout a user waits on.
     */
    static final Duration AGAIN_AFTER = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(FenceWriter.class);

    private final EventLog log;
    private final TaskCodec codec;
    private final Clock clock;
    private final String batch;
    private final String fence;
    private long writtenAt;

    FenceWriter(EventLog log, TaskCodec codec, Clock clock, String batch, String fence) {
        this.log = log;
        this.codec = codec;
        this.clock = clock;
        this.batch = batch;
        this.fence = fence;
    }

    /**
     * Writes the fence; it rides out a broker outage as the reader does: tried again with
     * backoff for up to {@link Coordinator#FENCE_PATIENCE}, then the join fails loudly.
     */
    void write() throws InterruptedException {
        append(Coordinator.FENCE_PATIENCE, "cannot start the join of " + batch);
    }

    /**
     * Writes the fence again when {@code pass} has not met it for {@link #AGAIN_AFTER} since it
     * was last written. Tried for that long at most: the join goes on watching its reader and its
     * deadline, and a broker still away is the reader's to report.
     */
    void againIfUnread(JoinPass pass) throws InterruptedException {
        if (pass.caughtUp() || clock.millis() - writtenAt < AGAIN_AFTER.toMillis()) {
            return;
        }
        LOG.info("the join of {} has not read back its fence {} s after the broker confirmed it (a broker that lost "
                + "its last entries, or a long log still being read): writing it again", batch,
                Duration.ofMillis(clock.millis() - writtenAt).toSeconds());
        try {
            append(AGAIN_AFTER, "cannot write the fence of the join of " + batch + " again");
        } catch (TransportException e) {
            writtenAt = clock.millis();
            LOG.info("{}: trying in {} s", e.getMessage(), AGAIN_AFTER.toSeconds());
        }
    }

    private void append(Duration patience, String what) throws InterruptedException {
        new ConfirmedAppend(clock).append(log, codec.encode(JoinFence.of(batch, fence, clock.millis())),
                clock.millis() + patience.toMillis(), what);
        writtenAt = clock.millis();
    }
}
