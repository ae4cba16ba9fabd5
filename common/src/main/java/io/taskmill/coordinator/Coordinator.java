package io.taskmill.coordinator;

import io.taskmill.task.BatchId;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.ProducerBeat;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a batch: {@code JoinableQueue.join()} across processes.
 *
 * <p>Where to start reading the log comes from the batch id, which holds the producer's
 * clock. The first pass starts a few seconds before that, so a join never reads the
 * batches before its own, however busy the log was. If a pass meets an event of the batch
 * before the batch's opening, or catches up without meeting the opening, the producer's
 * clock was ahead and the next pass reaches further back, up to {@link #MAX_CLOCK_SKEW}.
 * So a batch is found whatever the producer's clock said, within that bound, and only a
 * producer whose clock is off pays for a longer read; a batch found in no pass is a
 * {@link NoSuchBatchException}, as is one opened but not sealed and idle for the seal
 * timeout.
 */
public final class Coordinator {

    /** How far the last pass reaches back: the most a producer's clock may be ahead and its batch still be found. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);
    /**
     * How far before the batch's creation each pass starts reading. The first leaves room for
     * clocks that disagree a little (synchronised clocks differ by milliseconds), and no more:
     * every second of it is a second of the log before the batch, which on a busy deployment
     * holds thousands of other tasks' events. Each later pass is for a producer whose clock
     * was further ahead.
     */
    static final List<Duration> REACH_BACK = List.of(Duration.ofSeconds(2), Duration.ofMinutes(10), MAX_CLOCK_SKEW);
    /** How long a join waits for the seal of a batch of which nothing happens: then its producer is gone. */
    public static final Duration DEFAULT_SEAL_TIMEOUT = Duration.ofMinutes(10);
    /** How long the start of a join may wait for a broker that is away. */
    public static final Duration FENCE_PATIENCE = Duration.ofMinutes(5);
    /** Running tasks whose own progress a progress report carries. */
    static final int RUNNING_SHOWN = 3;
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private static final int MISSING_SAMPLE = 20;
    /** How often {@link #requireOpened} looks whether the pass met the opening, which wakes no waiter. */
    private static final Duration OPENING_CHECK = Duration.ofMillis(50);

    private final Transport transport;
    private final TaskCodec codec;
    private final Clock clock;
    private final Duration sealTimeout;

    public Coordinator(Transport transport, TaskCodec codec, Clock clock, Duration sealTimeout) {
        if (sealTimeout.isNegative() || sealTimeout.isZero()) {
            throw new IllegalArgumentException("the seal timeout must be more than 0");
        }
        this.transport = transport;
        this.codec = codec;
        this.clock = clock;
        this.sealTimeout = sealTimeout;
    }

    public Coordinator(Transport transport, TaskCodec codec) {
        this(transport, codec, Clock.systemUTC(), DEFAULT_SEAL_TIMEOUT);
    }

    /**
     * Blocks until every task of the batch is final or the timeout passes.
     *
     * @param timeout       null or zero to wait as long as it takes
     * @param progressEvery how often {@code progress} is called
     * @param progress      called on this thread with the count so far
     * @param results       called once per final task before this returns, with its outcome: a success
     *                      as it comes (on a transport thread), a failure when the join ends (a failed
     *                      task may still be replayed from the dead letters and succeed)
     * @throws NoSuchBatchException when the log holds no such batch, or it was never sealed
     * @throws TransportException   when the event log cannot be read any more
     */
    public JoinSummary join(String batch, Duration timeout, Duration progressEvery, Consumer<Progress> progress,
                            Consumer<CompletionEvent> results) throws InterruptedException {
        return inLogOf(batch, log -> join(log, batch, timeout, progressEvery, progress, results));
    }

    @FunctionalInterface
    private interface InLog<T> {
        T in(EventLog log) throws InterruptedException;
    }

    /**
     * Does {@code action} in the logs that may hold the batch, in turn (its partition, then the
     * one log of before): a log without the batch is passed over, and the last says so.
     */
    private <T> T inLogOf(String batch, InLog<T> action) throws InterruptedException {
        List<LogSpec> logs = transport.eventPartitions().holding(batch);
        for (int i = 0; ; i++) {
            try {
                return action.in(transport.log(logs.get(i)));
            } catch (NotInLog e) {
                if (i == logs.size() - 1) {
                    throw e;
                }
            }
        }
    }

    private JoinSummary join(EventLog log, String batch, Duration timeout, Duration progressEvery,
                             Consumer<Progress> progress, Consumer<CompletionEvent> results) throws InterruptedException {
        long createdAt = BatchId.createdAt(batch).toEpochMilli();
        long horizon = log.horizon();
        if (createdAt < horizon) {
            // Some of its events may be gone: counting what is left would be counting wrong.
            throw expired(batch, createdAt, horizon);
        }
        long started = System.nanoTime();
        long deadline = timeout == null || timeout.isZero() ? Long.MAX_VALUE : started + timeout.toNanos();
        String fence = UUID.randomUUID().toString();
        int reach = 0;
        JoinPass pass = pass(log, batch, createdAt, reach, fence, results);
        FenceWriter fences = new FenceWriter(log, codec, clock, batch, fence);
        try {
            // After the reader attached, so that it meets the fence wherever it started; a later pass starts earlier.
            fences.write();
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    pass.endResults();
                    return pass.tally().summary(true, MISSING_SAMPLE, clock.millis());
                }
                switch (pass.await(Math.max(1, Math.min(progressEvery.toMillis(), (deadline - now) / 1_000_000)))) {
                    case COMPLETE -> {
                        progress.accept(progressOf(batch, pass, started));
                        pass.endResults();
                        return pass.tally().summary(false, MISSING_SAMPLE);
                    }
                    case STARTED_TOO_LATE -> {
                        pass.close();
                        pass = pass(log, batch, createdAt, ++reach, fence, results);
                    }
                    case NOT_FOUND -> throw notFound(log, batch, createdAt);
                    case FAILED -> throw new TransportException("cannot follow the event log any more, so the join of "
                            + batch + " cannot tell when it ends: " + pass.failure().getMessage(), pass.failure());
                    case READING -> {
                        fences.againIfUnread(pass);
                        if (pass.unsealedIdleNanos() >= sealTimeout.toNanos()) {
                            throw neverSealed(batch, pass.tally());
                        }
                        if (pass.producerSilent(ProducerBeat.SILENT_BEATS)) {
                            throw producerSilent(batch, pass);
                        }
                        progress.accept(progressOf(batch, pass, started));
                    }
                }
            }
        } finally {
            pass.close();
        }
    }

    /**
     * Returns once the log shows that a producer opened the batch, reading it as a join does:
     * for a command that acts on a batch, such as a cancellation, which must not act on an id
     * nobody submitted.
     *
     * @return the log that holds the batch: its partition, or the one log of before
     * @throws NoSuchBatchException when no producer opened it, or the log no longer holds it
     * @throws TransportException   when the event log cannot be read any more
     */
    public EventLog requireOpened(String batch) throws InterruptedException {
        return inLogOf(batch, log -> {
            requireOpened(log, batch);
            return log;
        });
    }

    private void requireOpened(EventLog log, String batch) throws InterruptedException {
        readUntil(log, batch, pass -> pass.tally().seen());
    }

    /**
     * The batch as the log holds it now, read up to this call and not waited for: for a view
     * of a batch that may still run ({@code taskmill workflow show}). Its {@code timedOut} is
     * true while the batch is not final.
     *
     * @throws NoSuchBatchException when no producer opened it, or the log no longer holds it
     * @throws TransportException   when the event log cannot be read any more
     */
    public JoinSummary snapshot(String batch) throws InterruptedException {
        return inLogOf(batch, log -> {
            Tally tally = readUntil(log, batch, pass -> pass.caughtUp() && pass.tally().seen()
                    || pass.tally().complete() && pass.tally().seen());
            return tally.complete() ? tally.summary(false, MISSING_SAMPLE)
                    : tally.summary(true, MISSING_SAMPLE, clock.millis());
        });
    }

    /**
     * The batch's tally with everything its log held before this call, not waited for: what a
     * worker reads after its own entry to learn what the log made of it (a lease taken over).
     *
     * @throws NoSuchBatchException when no producer opened it, or the log no longer holds it
     * @throws TransportException   when the event log cannot be read any more
     */
    public Tally readThrough(String batch) throws InterruptedException {
        return inLogOf(batch, log -> readUntil(log, batch, pass -> pass.caughtUp() && pass.tally().seen()));
    }

    /** Reads the batch as a join does until {@code done} says the pass has read enough; its tally then. */
    private Tally readUntil(EventLog log, String batch, java.util.function.Predicate<JoinPass> done)
            throws InterruptedException {
        long createdAt = BatchId.createdAt(batch).toEpochMilli();
        long horizon = log.horizon();
        if (createdAt < horizon) {
            throw expired(batch, createdAt, horizon);
        }
        String fence = UUID.randomUUID().toString();
        int reach = 0;
        JoinPass pass = pass(log, batch, createdAt, reach, fence, event -> { });
        FenceWriter fences = new FenceWriter(log, codec, clock, batch, fence);
        try {
            fences.write();
            while (!done.test(pass)) {
                switch (pass.await(OPENING_CHECK.toMillis())) {
                    case STARTED_TOO_LATE -> {
                        pass.close();
                        pass = pass(log, batch, createdAt, ++reach, fence, event -> { });
                    }
                    case NOT_FOUND -> throw notFound(log, batch, createdAt);
                    case FAILED -> throw new TransportException("cannot read the event log to find batch " + batch
                            + ": " + pass.failure().getMessage(), pass.failure());
                    default -> fences.againIfUnread(pass);
                }
            }
            return pass.tally();
        } finally {
            pass.close();
        }
    }

    private static NoSuchBatchException producerSilent(String batch, JoinPass pass) {
        return new NoSuchBatchException(batch, "batch " + batch + " is not sealed and its producer has been silent for "
                + pass.sinceLastBeatMillis() / 1000 + " s (it said it would speak every few seconds until it sealed "
                + "the batch): it stopped before it finished, with " + pass.tally().done() + " tasks of the batch final "
                + "so far (resume it with taskmill submit --batch " + batch + " and the same payloads)");
    }

    private NoSuchBatchException neverSealed(String batch, Tally tally) {
        if (!tally.opened()) {
            return new NoSuchBatchException(batch, "the event log holds " + tally.done() + " outcomes of batch " + batch
                    + " but neither its opening nor its seal, and nothing of it happened for " + sealTimeout.toSeconds()
                    + " s: the log was replaced (deleted and declared again) or trimmed after the batch began, so its "
                    + "total cannot be known (taskmill submit --batch would run its tasks again)");
        }
        return new NoSuchBatchException(batch, "batch " + batch + " was opened but never sealed, and nothing of it "
                + "happened for " + sealTimeout.toSeconds() + " s: its producer stopped before it finished (resume it "
                + "with taskmill submit --batch " + batch + " and the same payloads)");
    }

    /** Asks the log again: it may have dropped entries while this join read it. */
    private static NoSuchBatchException notFound(EventLog log, String batch, long createdAt) {
        long horizon = log.horizon();
        if (createdAt < horizon) {
            return expired(batch, createdAt, horizon);
        }
        return new NotInLog(batch);
    }

    /** Not in the log read: the next log that may hold the batch is read, and the last says so. */
    private static final class NotInLog extends NoSuchBatchException {
        NotInLog(String batch) {
            super(batch, "no batch " + batch + " in the event log: no producer opened it (check the id)");
        }
    }

    private static BatchExpiredException expired(String batch, long createdAt, long horizon) {
        return new BatchExpiredException(batch, "batch " + batch + " is older than what the event log still holds "
                + "(entries from " + Instant.ofEpochMilli(horizon) + " on; the batch is from "
                + Instant.ofEpochMilli(createdAt) + "): its outcome cannot be counted any more");
    }

    /** The pass that reaches back {@code REACH_BACK[reach]}; only the last may find the batch without its opening. */
    private JoinPass pass(EventLog log, String batch, long createdAt, int reach, String fence,
                          Consumer<CompletionEvent> results) {
        boolean last = reach == REACH_BACK.size() - 1;
        // A later pass also reaches back from now, for a batch id from a clock so far ahead it is in the future.
        long from = (reach == 0 ? createdAt : Math.min(createdAt, clock.millis())) - REACH_BACK.get(reach).toMillis();
        return new JoinPass(log, codec, batch, createdAt, from, fence, !last, results, System::nanoTime);
    }

    private static Progress progressOf(String batch, JoinPass pass, long started) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        long done = pass.tally().done();
        double rate = elapsed.toMillis() > 0 ? done * 1000.0 / elapsed.toMillis() : 0;
        return new Progress(batch, done, pass.tally().total(), elapsed, rate, pass.live(),
                pass.tally().running(RUNNING_SHOWN));
    }
}
