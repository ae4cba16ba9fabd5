package io.taskmill.unique;

import io.taskmill.config.Durations;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskId;
import io.taskmill.transport.ConfirmedAppend;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which submission of a unique key runs, through the deployment's unique-key log:
 * a submitter appends its claim, reads the log back to it, and the first claim of the key in
 * log order that nothing held wins (see {@link KeyRace}). The winner logs its verdict before it
 * publishes its task; a loser logs its own and names the winner's task.
 */
public final class UniqueKeys {

    /** The longest window: the unique-key log keeps a week, and a verdict must still be in it. */
    public static final Duration MAX_WINDOW = Duration.ofDays(7);
    /** How much earlier than its window a claimer starts reading: producers' clocks differ a little. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);
    private static final int MAX_KEY_CHARS = 256;
    private static final Logger LOG = LoggerFactory.getLogger(UniqueKeys.class);

    private final EventLog log;
    private final TaskCodec codec;
    private final Clock clock;
    private final ConfirmedAppend appends;

    public UniqueKeys(EventLog log, TaskCodec codec, Clock clock) {
        this.log = log;
        this.codec = codec;
        this.clock = clock;
        this.appends = new ConfirmedAppend(clock);
    }

    /** A claim that won, whose verdict its submitter logs with {@link #hold} before it publishes the task. */
    public record Race(UniqueClaim claim, UniqueEntry.Claimed entry) {
    }

    /** Refuses a key or window no claim could use, before anything is opened or appended. */
    public static void requireValid(String key, Duration window) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a unique key must not be blank");
        }
        if (key.length() > MAX_KEY_CHARS) {
            throw new IllegalArgumentException("a unique key is at most " + MAX_KEY_CHARS + " characters, was "
                    + key.length());
        }
        if (window.toMillis() < 1_000 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("a unique key's window is 1s to 7d (what its log keeps), was "
                    + Durations.format(window));
        }
    }

    /**
     * Races {@code task} for {@code key}: the first submission of the key within
     * {@code window} before this one keeps it.
     *
     * @throws TransportException when the log cannot be written or read, or an earlier claim
     *                            stays undecided too long for this one to act on a verdict
     */
    public Race race(String key, TaskId task, Duration window) {
        requireValid(key, window);
        UniqueEntry.Claimed own = new UniqueEntry.Claimed(key, UUID.randomUUID().toString(), task.toString(),
                clock.millis(), window.toMillis());
        KeyRace race = new KeyRace(own);
        long deadline = own.at() + KeyRace.DECIDE_WITHIN.toMillis();
        try (Subscription ignored = log.read(own.at() - window.toMillis() - CLOCK_MARGIN.toMillis(),
                body -> read(body, race))) {
            append(own, deadline);
            KeyRace.Verdict verdict = awaitVerdict(race, deadline);
            if (verdict instanceof KeyRace.Lost lost) {
                append(new UniqueEntry.Lost(key, own.claim()), deadline);
                return new Race(new UniqueClaim(key, lost.task(), Instant.ofEpochMilli(lost.at()), false), own);
            }
            return new Race(new UniqueClaim(key, own.task(), Instant.ofEpochMilli(own.at()), true), own);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while claiming unique key '" + key + "'");
        }
    }

    /**
     * Logs that a won race's task runs for its key. Others wait for it up to
     * {@link KeyRace#VOID_AFTER} after the claim; past half of it, this gives up rather than
     * risk a second winner, and the task must not be published.
     */
    public void hold(Race won) {
        if (!won.claim().first()) {
            throw new IllegalArgumentException("task " + won.claim().task() + " did not win key '" + won.claim().key()
                    + "'");
        }
        UniqueEntry.Claimed own = won.entry();
        try {
            append(new UniqueEntry.Won(own.key(), own.claim(), own.task(), own.at()),
                    own.at() + KeyRace.DECIDE_WITHIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while holding unique key '" + own.key() + "'");
        }
    }

    private KeyRace.Verdict awaitVerdict(KeyRace race, long deadline) throws InterruptedException {
        synchronized (race) {
            while (true) {
                KeyRace.Verdict verdict = race.verdict(clock.millis());
                if (!(verdict instanceof KeyRace.Pending pending)) {
                    return verdict;
                }
                long left = deadline - clock.millis();
                if (left <= 0) {
                    throw new TransportException("cannot tell within " + KeyRace.DECIDE_WITHIN.toSeconds()
                            + " s whether unique key '" + race.key() + "' is free: " + pending.why());
                }
                // Woken by each entry read; the wait's bound lets an earlier claim turn void by time alone.
                race.wait(Math.min(left, 1_000));
            }
        }
    }

    private void read(byte[] body, KeyRace race) {
        // A forged verdict would keep a key's task from ever running.
        Optional<UniqueEntry> read = codec.decodeSigned(body, UniqueEntry.class,
                why -> LOG.warn("skipped a unique-key log entry: {}", why));
        if (read.isEmpty()) {
            return;
        }
        UniqueEntry entry = read.get();
        synchronized (race) {
            race.apply(entry);
            race.notifyAll();
        }
    }

    /** Tried again until the deadline: a claim in the log twice counts where it is first ({@link KeyRace}). */
    private void append(UniqueEntry entry, long deadline) throws InterruptedException {
        appends.append(log, codec.encodeSigned(entry), deadline, "cannot write to the unique-key log for key '"
                + entry.key() + "'");
    }
}
