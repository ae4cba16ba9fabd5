package io.taskmill.schedule;

import io.taskmill.task.TaskCodec;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.TransportException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the schedule log from its start and keeps following it, folding it into a
 * {@link ScheduleBook}. Caught up once it reads back a fence of its own.
 */
final class BookFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BookFollower.class);

    private final EventLog log;
    private final TaskCodec codec;
    private final Consumer<ScheduleEntry.Claimed> onWin;
    private final ScheduleBook book = new ScheduleBook();
    private final String fence = UUID.randomUUID().toString();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Subscription subscription;

    BookFollower(EventLog log, TaskCodec codec, Consumer<ScheduleEntry.Claimed> onWin) {
        this.log = log;
        this.codec = codec;
        this.onWin = onWin;
        this.subscription = log.read(0, this::onEntry);
    }

    /** @throws TransportException when the log does not give back the fence within {@code timeout} */
    BookFollower awaitCaughtUp(Duration timeout) {
        try {
            append(new ScheduleEntry.Fence(fence), timeout);
            if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TransportException("the schedule log did not give back its fence within "
                        + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while reading the schedule log");
        }
        return this;
    }

    /** Appends an entry and waits for the broker's confirm. */
    void append(ScheduleEntry entry, Duration timeout) throws InterruptedException {
        append(log, codec, entry, timeout);
    }

    static void append(EventLog log, TaskCodec codec, ScheduleEntry entry, Duration timeout)
            throws InterruptedException {
        try {
            log.append(codec.encodeSigned(entry)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TransportException("cannot write to the schedule log: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new TransportException("the broker did not confirm a schedule log entry within "
                    + timeout.toSeconds() + " s", e);
        }
    }

    <T> T read(Function<ScheduleBook, T> reader) {
        synchronized (book) {
            return reader.apply(book);
        }
    }

    Subscription subscription() {
        return subscription;
    }

    private void onEntry(byte[] message) {
        // A forged definition would have this scheduler submit, and sign, tasks of somebody else's choosing.
        Optional<ScheduleEntry> read = codec.decodeSigned(message, ScheduleEntry.class,
                why -> LOG.warn("skipped a schedule log entry: {}", why));
        if (read.isEmpty()) {
            return;
        }
        ScheduleEntry entry = read.get();
        if (entry instanceof ScheduleEntry.Fence seen) {
            if (fence.equals(seen.id())) {
                caughtUp.countDown();
            }
            return;
        }
        Optional<ScheduleEntry.Claimed> won;
        synchronized (book) {
            won = book.apply(entry);
        }
        won.ifPresent(onWin);
    }

    @Override
    public void close() {
        subscription.close();
    }
}
