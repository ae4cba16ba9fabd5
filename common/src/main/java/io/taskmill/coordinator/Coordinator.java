package io.taskmill.coordinator;

import io.taskmill.task.BatchEvent;
import io.taskmill.task.BatchId;
import io.taskmill.task.CompletionBatch;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.JoinFence;
import io.taskmill.task.MalformedMessageException;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Waits for a batch: {@code JoinableQueue.join()} across processes. */
public final class Coordinator {

    /**
     * How far before the batch's creation (by the producer's clock) the log is read from:
     * room for clocks that disagree. Extra events are filtered out by batch id.
     */
    static final Duration CLOCK_SKEW_MARGIN = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private static final int MISSING_SAMPLE = 20;

    private final Transport transport;
    private final TaskCodec codec;

    public Coordinator(Transport transport, TaskCodec codec) {
        this.transport = transport;
        this.codec = codec;
    }

    /**
     * Blocks until every task of the batch is final or the timeout passes.
     *
     * @param timeout       null or zero to wait as long as it takes
     * @param progressEvery how often {@code progress} is called
     * @param progress      called on this thread with the count so far
     * @param results       called on a transport thread with each task's first final report,
     *                      and again if a failed task later succeeds
     */
    public JoinSummary join(String batch, Duration timeout, Duration progressEvery, Consumer<Progress> progress,
                            Consumer<CompletionEvent> results) throws InterruptedException {
        long createdAt = BatchId.createdAt(batch).toEpochMilli();
        Tally tally = new Tally(batch, createdAt);
        JoinSignal signal = new JoinSignal();
        long started = System.nanoTime();
        long deadline = timeout == null || timeout.isZero() ? Long.MAX_VALUE : started + timeout.toNanos();
        String fence = UUID.randomUUID().toString();
        appendFence(batch, fence);
        AtomicBoolean caughtUp = new AtomicBoolean();
        try (Subscription ignored = transport.readEvents(createdAt - CLOCK_SKEW_MARGIN.toMillis(), body -> {
            BatchEvent event = decode(body);
            if (event == null) {
                return;
            }
            if (event instanceof JoinFence seen && seen.fence().equals(fence)) {
                caughtUp.set(true);
            }
            List<? extends BatchEvent> events = event instanceof CompletionBatch group ? group.events() : List.of(event);
            for (BatchEvent single : events) {
                Tally.Change change = tally.record(single);
                if ((change == Tally.Change.FINAL || change == Tally.Change.UPGRADED)
                        && single instanceof CompletionEvent completion) {
                    results.accept(completion);
                }
            }
            // Set only after the results callback ran, so the caller sees every result once join returns;
            // and only past our fence, so that no event logged before the join started is left unread.
            if (caughtUp.get() && tally.complete()) {
                signal.finish();
            }
        })) {
            synchronized (signal) {
                while (!signal.finished) {
                    long now = System.nanoTime();
                    if (now >= deadline) {
                        return tally.summary(true, MISSING_SAMPLE);
                    }
                    signal.wait(Math.max(1, Math.min(progressEvery.toMillis(), (deadline - now) / 1_000_000)));
                    if (!signal.finished) {
                        progress.accept(progressOf(batch, tally, started));
                    }
                }
            }
        }
        progress.accept(progressOf(batch, tally, started));
        return tally.summary(false, MISSING_SAMPLE);
    }

    /** Guards the end of a join; its monitor is what the joining thread waits on. */
    private static final class JoinSignal {

        private boolean finished;

        synchronized void finish() {
            finished = true;
            notifyAll();
        }
    }

    private void appendFence(String batch, String fence) throws InterruptedException {
        try {
            transport.appendEvent(codec.encode(JoinFence.of(batch, fence, System.currentTimeMillis())))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new TransportException("cannot start the join of " + batch + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new TransportException("the broker did not confirm the start of the join of " + batch + " within 30 s", e);
        }
    }

    private static Progress progressOf(String batch, Tally tally, long started) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        long done = tally.done();
        double rate = elapsed.toMillis() > 0 ? done * 1000.0 / elapsed.toMillis() : 0;
        return new Progress(batch, done, tally.total(), elapsed, rate);
    }

    private BatchEvent decode(byte[] body) {
        try {
            return codec.decodeEvent(body);
        } catch (MalformedMessageException e) {
            LOG.warn("skipping an unreadable entry in the event log: {}", e.getMessage());
            return null;
        }
    }
}
