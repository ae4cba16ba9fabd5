package io.taskmill.coordinator;

import io.taskmill.task.BatchCancelled;
import io.taskmill.task.BatchEvent;
import io.taskmill.task.BatchOpened;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.JoinFence;
import io.taskmill.task.ProducerBeat;
import io.taskmill.task.TaskId;
import io.taskmill.task.TaskLeased;
import io.taskmill.task.TaskProgress;
import io.taskmill.task.TaskReplayed;
import io.taskmill.task.TaskStatus;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The count of one batch. Task ids are dense sequence numbers, so final and succeeded
 * tasks are two bit sets: a quarter of a byte per task whatever the batch size. A task
 * is succeeded when any execution of it succeeded, failed when it only ever failed, so
 * the result does not depend on the order in which duplicates arrive. A failed task that
 * is replayed from the dead-letter queue is pending again until its next report.
 * The reports of failed tasks are kept (up to {@link #FAILURES_KEPT}) until they succeed or
 * are replayed: a summary names the first of them, a join writes each task's outcome once,
 * and the tasks per worker follow each task's final outcome. A task that ran long enough to be
 * leased counts only its latest lease holder's report (see {@link LeaseBook}). Thread-safe.
 */
public final class Tally {

    /** What one event changed. */
    public enum Change {
        /** The task reached a final state for the first time. */
        FINAL,
        /** The task had failed and now succeeded (a redelivery that went better). */
        UPGRADED,
        /** Another report for a task already final: a redelivery, counted once. */
        DUPLICATE,
        /** A failed task was replayed from the dead-letter queue: pending again. */
        REOPENED,
        /** Not about this batch, or not about a task, or after the batch was cancelled. */
        NONE
    }

    /**
     * Failure reports kept, enough for any batch that fails in part and a few megabytes at most:
     * past them, a join writes a failure as it comes, and a later success of its task counts for both workers.
     */
    static final int FAILURES_KEPT = 100_000;
    /** Failed tasks a summary names. */
    static final int FAILURE_SAMPLE = 5;
    /** Running tasks whose latest progress is kept: more than any fleet runs of one batch at once. */
    static final int RUNNING_KEPT = 10_000;

    private final String batch;
    private final long createdAt;
    private final BitSet done = new BitSet();
    private final BitSet succeeded = new BitSet();
    private final Map<String, Long> perWorker = new TreeMap<>();
    private final TreeMap<Integer, CompletionEvent> failures = new TreeMap<>();
    private final Map<Integer, TaskProgress> running = new HashMap<>();
    private final LeaseBook leases = new LeaseBook();
    private long total = -1;
    private long doneCount;
    private long succeededCount;
    private long reports;
    private long reopened;
    private boolean cancelled;
    private boolean seen;
    private boolean opened;
    private long lastAt;

    public Tally(String batch, long createdAt) {
        this.batch = batch;
        this.createdAt = createdAt;
    }

    /** The latest progress of a task not final, while there is room: advisory, never part of the counts. */
    private void keep(TaskProgress progress) {
        int seq = index(progress.taskId());
        if (done.get(seq) || (total >= 0 && seq >= total)) {
            return;
        }
        TaskProgress before = running.get(seq);
        if (before == null ? running.size() < RUNNING_KEPT : before.at() <= progress.at()) {
            running.put(seq, progress);
        }
    }

    /** What the tasks of the batch that are not final said last of their progress, the latest first. */
    public synchronized List<TaskProgress> running(int most) {
        return running.values().stream()
                .sorted(Comparator.comparingLong(TaskProgress::at).reversed()
                        .thenComparing(TaskProgress::id))
                .limit(most).toList();
    }

    public synchronized Change record(BatchEvent event) {
        if (!batch.equals(event.batch())) {
            // A CompletionBatch (batch null) is unpacked by the caller, one event at a time.
            return Change.NONE;
        }
        if (event instanceof JoinFence || event instanceof ProducerBeat || cancelled) {
            return Change.NONE;
        }
        if (event instanceof BatchCancelled) {
            // A cancellation says nothing of whether a producer ever made the batch: anyone may cancel any id.
            cancelled = true;
            running.clear();
            return Change.NONE;
        }
        if (event instanceof TaskProgress progress) {
            keep(progress);
            return Change.NONE;
        }
        if (event instanceof TaskLeased lease) {
            int seq = index(lease.taskId());
            if (total < 0 || seq < total) {
                leases.record(seq, lease, done.get(seq));
            }
            return Change.NONE;
        }
        seen = true;
        if (event instanceof BatchOpened) {
            opened = true;
            return Change.NONE;
        }
        if (event instanceof BatchSealed sealed) {
            total = sealed.total();
            // Reports for ids past the end (a forged or stray message) must not make up for missing tasks.
            doneCount = done.get(0, (int) total).cardinality();
            succeededCount = succeeded.get(0, (int) total).cardinality();
            failures.tailMap((int) total).clear();
            running.keySet().removeIf(seq -> seq >= total);
            return Change.NONE;
        }
        if (event instanceof TaskReplayed replayed) {
            int seq = index(replayed.taskId());
            if (!done.get(seq) || succeeded.get(seq)) {
                return Change.NONE;
            }
            done.clear(seq);
            doneCount--;
            reopened++;
            forget(failures.remove(seq));
            return Change.REOPENED;
        }
        CompletionEvent completion = (CompletionEvent) event;
        int seq = index(completion.taskId());
        if (total >= 0 && seq >= total) {
            return Change.NONE;
        }
        reports++;
        lastAt = Math.max(lastAt, completion.at());
        if (!leases.counts(seq, completion)) {
            return Change.DUPLICATE;
        }
        boolean success = completion.status() == TaskStatus.SUCCEEDED;
        if (!done.get(seq)) {
            done.set(seq);
            doneCount++;
            running.remove(seq);
            perWorker.merge(workerOf(completion), 1L, Long::sum);
            if (success) {
                succeeded.set(seq);
                succeededCount++;
            } else if (failures.size() < FAILURES_KEPT) {
                failures.put(seq, completion);
            }
            return Change.FINAL;
        }
        if (success && !succeeded.get(seq)) {
            succeeded.set(seq);
            succeededCount++;
            perWorker.merge(workerOf(completion), 1L, Long::sum);
            forget(failures.remove(seq));
            return Change.UPGRADED;
        }
        return Change.DUPLICATE;
    }

    /**
     * Whether this failure report is kept, as the outcome of its task so far: it may still be
     * taken back by a success or a replay, so a join passes it on only when it ends.
     */
    public synchronized boolean holds(CompletionEvent failure) {
        return failures.get(index(failure.taskId())) == failure;
    }

    /** The failure reports kept, by task id. */
    public synchronized List<CompletionEvent> heldFailures() {
        return List.copyOf(failures.values());
    }

    /** A failure report taken back: its task no longer counts for the worker that failed it. */
    private void forget(CompletionEvent failure) {
        if (failure != null) {
            perWorker.computeIfPresent(workerOf(failure), (worker, count) -> count > 1 ? count - 1 : null);
        }
    }

    private static String workerOf(CompletionEvent completion) {
        return completion.worker() == null ? "?" : completion.worker();
    }

    /** Who holds a leased task now, as the log says so far; empty for a task never leased. */
    public synchronized Optional<Lease> lease(TaskId id) {
        return leases.of(index(id));
    }

    /** Whether the task is final, as far as the log was read. */
    public synchronized boolean isFinal(TaskId id) {
        return done.get(index(id));
    }

    /** Whether the batch was cancelled, as far as the log was read. */
    public synchronized boolean cancelled() {
        return cancelled;
    }

    /** Whether an event that only a producer or a worker writes was recorded: its opening, a report, its seal. */
    public synchronized boolean seen() {
        return seen;
    }

    /** Whether the batch's opening was recorded: a log that lacks it was replaced or trimmed after the batch began. */
    public synchronized boolean opened() {
        return opened;
    }

    /** Tasks in the batch; -1 until it is sealed. */
    public synchronized long total() {
        return total;
    }

    public synchronized boolean complete() {
        return cancelled || total >= 0 && doneCount >= total;
    }

    public synchronized long done() {
        return doneCount;
    }

    /** The batch's counts now. {@code sampleLimit} caps the missing ids listed. */
    public synchronized JoinSummary summary(boolean timedOut, int sampleLimit) {
        return summary(timedOut, sampleLimit, lastAt);
    }

    /**
     * As {@link #summary(boolean, int)}, for a join that ends at {@code endedAt}: a batch that
     * did not end by then has taken at least that long, whenever its last task reported.
     */
    public synchronized JoinSummary summary(boolean timedOut, int sampleLimit, long endedAt) {
        List<String> missing = new ArrayList<>();
        long notFinal = total < 0 ? 0 : Math.max(0, total - doneCount);
        long cancelledCount = cancelled ? notFinal : 0;
        long missingCount = cancelled ? 0 : notFinal;
        if (total > 0 && !cancelled) {
            for (int seq = done.nextClearBit(0); seq < total && missing.size() < sampleLimit;
                 seq = done.nextClearBit(seq + 1)) {
                missing.add(new TaskId(batch, seq).toString());
            }
        }
        long end = timedOut ? Math.max(lastAt, endedAt) : lastAt;
        double wall = end > createdAt ? (end - createdAt) / 1000.0 : 0;
        return new JoinSummary(batch, total, doneCount, succeededCount, doneCount - succeededCount, cancelledCount,
                missingCount, reports - doneCount - reopened, perWorker, wall, timedOut, missing,
                failures.values().stream().limit(FAILURE_SAMPLE).map(TaskFailure::of).toList());
    }

    private static int index(TaskId id) {
        if (id.seq() > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("task sequence " + id.seq() + " is beyond the batch size limit");
        }
        return (int) id.seq();
    }
}
