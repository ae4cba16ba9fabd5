package io.taskmill.coordinator;

import io.taskmill.task.BatchEvent;
import io.taskmill.task.BatchOpened;
import io.taskmill.task.CompletionBatch;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.JoinFence;
import io.taskmill.task.LoggedEvent;
import io.taskmill.task.MalformedMessageException;
import io.taskmill.task.ProducerBeat;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskStatus;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.TransportException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reading of the event log for a join, from a point in time, with its own tally. The
 * transport's thread feeds it; the joining thread waits on it for a {@link Verdict}.
 */
final class JoinPass implements AutoCloseable {

    /** What the pass knows so far. */
    enum Verdict {
        /** Still reading, or following the log for more. */
        READING,
        /** Every task is final (or the batch was cancelled), and every event logged before the join was read. */
        COMPLETE,
        /** The pass met an event of the batch before its opening: it started after the batch did. */
        STARTED_TOO_LATE,
        /** Read up to the join's start and found nothing of the batch. */
        NOT_FOUND,
        /** The reader gave up: see {@link #failure()}. */
        FAILED
    }

    private static final Logger LOG = LoggerFactory.getLogger(JoinPass.class);

    private final String batch;
    private final TaskCodec codec;
    private final Tally tally;
    private final Consumer<CompletionEvent> results;
    private final String fence;
    private final AsciiNeedle batchBytes;
    private final AsciiNeedle fenceBytes;
    private final LongSupplier nanos;
    private final Subscription subscription;
    private boolean anchored;
    private boolean caughtUp;
    private boolean tooLate;
    private long lastActivity;
    /** The beat the batch's producer promised in its opening (0: none), and when one was last heard. */
    private long beatNanos;
    private long lastBeat;
    private TransportException failure;
    private boolean resultsEnded;

    /**
     * @param requireOpening whether the batch's opening must come before its other events: a
     *                       pass from a point in time chosen by a clock; not for a pass from
     *                       far enough back to hold the whole batch
     */
    JoinPass(EventLog log, TaskCodec codec, String batch, long createdAt, long fromEpochMillis, String fence,
             boolean requireOpening, Consumer<CompletionEvent> results, LongSupplier nanos) {
        this.batch = batch;
        this.codec = codec;
        this.tally = new Tally(batch, createdAt);
        this.results = results;
        this.fence = fence;
        this.batchBytes = AsciiNeedle.of(batch);
        this.fenceBytes = AsciiNeedle.of(fence);
        this.nanos = nanos;
        this.anchored = !requireOpening;
        this.lastActivity = nanos.getAsLong();
        // What this process's own workers logged was never encoded: it is counted as it is.
        this.subscription = log.read(fromEpochMillis,
                LoggedEvent.reader(codec, this::onBytes, this::count));
        subscription.failure().thenAccept(this::failed);
    }

    Tally tally() {
        return tally;
    }

    /** Whether the log is being read now (not reconnecting). */
    boolean live() {
        return subscription.state() == SubscriptionState.ACTIVE;
    }

    /** Whether the pass has read everything logged before the join started (its fence). */
    synchronized boolean caughtUp() {
        return caughtUp;
    }

    synchronized TransportException failure() {
        return failure;
    }

    /** Waits up to {@code millis} for the verdict to become something other than READING. */
    synchronized Verdict await(long millis) throws InterruptedException {
        if (verdict() == Verdict.READING && millis > 0) {
            TimeUnit.MILLISECONDS.timedWait(this, millis);
        }
        return verdict();
    }

    /** Nanoseconds since the pass caught up with the log and last heard of the batch, while it is not sealed. */
    synchronized long unsealedIdleNanos() {
        return caughtUp && tally.total() < 0 ? nanos.getAsLong() - lastActivity : 0;
    }

    /**
     * Whether the producer of this unsealed batch, which promised beats, missed {@code beats}
     * of them in a row while this pass followed the log live: it stopped before sealing. Time
     * spent reconnecting does not count, as beats cannot be heard then.
     */
    synchronized boolean producerSilent(int beats) {
        long now = nanos.getAsLong();
        if (!live()) {
            lastBeat = now;
            return false;
        }
        return caughtUp && beatNanos > 0 && tally.total() < 0 && !tally.complete()
                && now - lastBeat >= beats * beatNanos;
    }

    /** Milliseconds since the producer's last beat. */
    synchronized long sinceLastBeatMillis() {
        return TimeUnit.NANOSECONDS.toMillis(nanos.getAsLong() - lastBeat);
    }

    private Verdict verdict() {
        if (failure != null) {
            return Verdict.FAILED;
        }
        if (tooLate || caughtUp && !anchored) {
            return Verdict.STARTED_TOO_LATE;
        }
        if (caughtUp && tally.complete() && tally.seen()) {
            return Verdict.COMPLETE;
        }
        return caughtUp && !tally.seen() ? Verdict.NOT_FOUND : Verdict.READING;
    }

    /** An entry from a broker is searched for the batch before it is decoded. */
    private void onBytes(byte[] body) {
        if (!batchBytes.foundIn(body) && !fenceBytes.foundIn(body)) {
            return;
        }
        BatchEvent event = decode(body);
        if (event != null) {
            count(event);
        }
    }

    private synchronized void count(BatchEvent event) {
        if (tooLate) {
            return;
        }
        if (event instanceof JoinFence seen && seen.fence().equals(fence)) {
            caughtUp = true;
            lastActivity = nanos.getAsLong();
        }
        List<? extends BatchEvent> events = event instanceof CompletionBatch group ? group.events() : List.of(event);
        for (BatchEvent single : events) {
            if (!batch.equals(single.batch()) || single instanceof JoinFence) {
                continue;
            }
            if (!anchored && !(single instanceof BatchOpened)) {
                tooLate = true;
                break;
            }
            anchored = true;
            if (single instanceof ProducerBeat) {
                // The producer lives; not activity of the batch, so the seal timeout keeps its meaning.
                lastBeat = nanos.getAsLong();
                continue;
            }
            if (single instanceof BatchOpened opened && opened.beatMs() > 0) {
                beatNanos = TimeUnit.MILLISECONDS.toNanos(opened.beatMs());
                lastBeat = nanos.getAsLong();
            }
            lastActivity = nanos.getAsLong();
            Tally.Change change = tally.record(single);
            if ((change == Tally.Change.FINAL || change == Tally.Change.UPGRADED) && !resultsEnded
                    && single instanceof CompletionEvent completion
                    && (completion.status() == TaskStatus.SUCCEEDED || !tally.holds(completion))) {
                // Before the verdict can change, so that the caller has every result once join returns.
                results.accept(completion);
            }
        }
        if (verdict() != Verdict.READING) {
            notifyAll();
        }
    }

    /**
     * Passes on the failures held back, by task id, and nothing after them: a failed task may
     * still be replayed and succeed while the join runs, and its outcome is written once.
     */
    synchronized void endResults() {
        if (!resultsEnded) {
            resultsEnded = true;
            tally.heldFailures().forEach(results);
        }
    }

    private synchronized void failed(TransportException reason) {
        failure = reason;
        notifyAll();
    }

    private BatchEvent decode(byte[] body) {
        try {
            return codec.decodeEvent(body);
        } catch (MalformedMessageException e) {
            LOG.warn("skipping an unreadable entry in the event log: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
