package io.taskmill.dashboard;

import io.taskmill.coordinator.JoinSummary;
import io.taskmill.coordinator.Tally;
import io.taskmill.task.BatchEvent;
import io.taskmill.task.BatchOpened;
import io.taskmill.task.CallbackDeclared;
import io.taskmill.task.CallbackFired;
import io.taskmill.task.CompletionBatch;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.MalformedMessageException;
import io.taskmill.task.ProducerBeat;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskProgress;
import io.taskmill.task.TaskStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batches of the event log as a dashboard shows them: each counted as a join counts it
 * (a {@link Tally}), with a rate over the last {@link #RATE_WINDOW} and an ETA from it, and
 * the latest failures with their remote error. Fed one log entry at a time by the log's
 * reader; read by whoever builds a snapshot.
 */
final class BatchBoard {

    static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    static final int MAX_BATCHES = 50;
    static final int MAX_FAILURES = 50;

    /** Running tasks of a batch whose own progress a row carries, the latest told first. */
    static final int RUNNING_SHOWN = 3;

    /** A batch's counts at one moment, with its pace and what its running tasks say of their progress. */
    record BatchRow(String batch, String state, long total, long done, long succeeded, long failed, long cancelled,
                    double tasksPerSecond, Double etaSeconds, long lastEventAt, List<RunningRow> running,
                    WorkflowRow workflow) {
    }

    /**
     * A batch as a step of a workflow, from the control log: its workflow (the first batch),
     * its place, the step after it (its type, and its batch once fired), or why that step
     * never runs. Null on a batch that is no step of one.
     */
    record WorkflowRow(String id, int step, String next, String nextBatch, String stopped) {
    }

    /** What the control log told of a batch's place in a workflow. */
    private static final class Step {
        final String workflow;
        /** 0 until known: a step's own callback is declared before the firing that names its place. */
        int step;
        String next;
        String nextBatch;
        String stopped;

        Step(String workflow, int step) {
            this.workflow = workflow;
            this.step = step;
        }

        WorkflowRow row() {
            return new WorkflowRow(workflow, step, next, nextBatch, stopped);
        }
    }

    /** What a running task's handler told last of its progress ({@code total} -1: not known). */
    record RunningRow(String id, long done, long total, String message, String worker, long at) {

        static RunningRow of(TaskProgress progress) {
            return new RunningRow(progress.id(), progress.done(), progress.total(), progress.message(),
                    progress.worker(), progress.at());
        }
    }

    /** A task that failed for good, as its worker reported it. */
    record FailureRow(String id, String batch, String error, String worker, int attempt, long at) {
    }

    private record Sample(long at, long done) {
    }

    private static final class Entry {
        final Tally tally;
        final Deque<Sample> samples = new ArrayDeque<>();
        long lastEventAt;
        /** The beat its producer promised (0: none) and the time of the last one, by the producer's clock. */
        long beatMs;
        long lastBeatAt;

        Entry(Tally tally) {
            this.tally = tally;
        }
    }

    private final TaskCodec codec;
    private final Map<String, Entry> batches = new LinkedHashMap<>();
    private final Deque<FailureRow> failures = new ArrayDeque<>();
    private final Map<String, Step> steps = new LinkedHashMap<>();

    BatchBoard(TaskCodec codec) {
        this.codec = codec;
    }

    /** One entry of the event log; entries the board cannot read are skipped, as a join skips them. */
    synchronized void onEntry(byte[] body, long now) {
        BatchEvent event;
        try {
            event = codec.decodeEvent(body);
        } catch (MalformedMessageException e) {
            return;
        }
        if (event instanceof CompletionBatch group) {
            group.events().forEach(completion -> record(completion, now));
        } else {
            record(event, now);
        }
    }

    /** One entry of the control log: the workflows' steps as they are declared and fired. */
    synchronized void onControl(byte[] body) {
        BatchEvent event;
        try {
            event = codec.decodeEvent(body);
        } catch (MalformedMessageException e) {
            return;
        }
        if (event instanceof CallbackDeclared declared) {
            Step step = steps.computeIfAbsent(declared.batch(), batch -> new Step(declared.workflow(),
                    batch.equals(declared.workflow()) ? 1 : 0));
            if (step.next == null) {
                step.next = declared.callback().type();
            }
        } else if (event instanceof CallbackFired fired) {
            Step step = steps.get(fired.batch());
            if (step == null) {
                return;
            }
            if (fired.outcome() == CallbackFired.Outcome.FIRED) {
                step.nextBatch = fired.callbackBatch();
                steps.computeIfAbsent(fired.callbackBatch(), batch -> new Step(step.workflow, 0)).step = step.step + 1;
            } else {
                step.stopped = fired.reason();
            }
        }
        while (steps.size() > MAX_BATCHES * 4) {
            steps.remove(steps.keySet().iterator().next());
        }
    }

    private void record(BatchEvent event, long now) {
        Entry entry = batches.computeIfAbsent(event.batch(), batch -> new Entry(new Tally(batch, now)));
        if (event instanceof ProducerBeat beat) {
            entry.lastBeatAt = Math.max(entry.lastBeatAt, beat.at());
            return;
        }
        if (event instanceof BatchOpened opened && opened.beatMs() > 0) {
            entry.beatMs = opened.beatMs();
            entry.lastBeatAt = Math.max(entry.lastBeatAt, opened.openedAt());
        }
        entry.tally.record(event);
        entry.lastEventAt = now;
        if (event instanceof CompletionEvent completion && completion.status() == TaskStatus.FAILED) {
            failures.addFirst(new FailureRow(completion.id(), completion.batch(), completion.error(),
                    completion.worker(), completion.attempt(), completion.at()));
            while (failures.size() > MAX_FAILURES) {
                failures.removeLast();
            }
        }
        while (batches.size() > MAX_BATCHES) {
            batches.remove(oldestFinishedOrOldest());
        }
    }

    private String oldestFinishedOrOldest() {
        return batches.entrySet().stream().filter(e -> e.getValue().tally.complete()).map(Map.Entry::getKey)
                .findFirst().orElse(batches.keySet().iterator().next());
    }

    /** Every batch now, the most recently active first; also takes the sample each batch's rate comes from. */
    synchronized List<BatchRow> rows(long now) {
        List<BatchRow> rows = new ArrayList<>(batches.size());
        for (Entry entry : batches.values()) {
            if (!entry.tally.seen()) {
                // Only fences or cancellations of an id: nobody made such a batch.
                continue;
            }
            JoinSummary summary = entry.tally.summary(false, 0);
            entry.samples.addLast(new Sample(now, summary.done()));
            while (entry.samples.size() > 1 && entry.samples.peekFirst().at() < now - RATE_WINDOW.toMillis()) {
                entry.samples.removeFirst();
            }
            Sample first = entry.samples.peekFirst();
            double seconds = (now - first.at()) / 1000.0;
            double rate = seconds > 0 ? (summary.done() - first.done()) / seconds : 0;
            boolean complete = entry.tally.complete();
            long remaining = summary.total() < 0 ? -1 : summary.total() - summary.done();
            Double eta = complete || remaining < 0 || rate <= 0 ? null : remaining / rate;
            boolean silent = entry.beatMs > 0 && now - entry.lastBeatAt > ProducerBeat.SILENT_BEATS * entry.beatMs;
            rows.add(new BatchRow(summary.batch(), state(summary, complete, silent), summary.total(), summary.done(),
                    summary.succeeded(), summary.failed(), summary.cancelled(), rate, eta, entry.lastEventAt,
                    entry.tally.running(RUNNING_SHOWN).stream().map(RunningRow::of).toList(),
                    steps.containsKey(summary.batch()) ? steps.get(summary.batch()).row() : null));
        }
        rows.sort(Comparator.comparingLong(BatchRow::lastEventAt).reversed());
        return rows;
    }

    synchronized List<FailureRow> failures() {
        return List.copyOf(failures);
    }

    private static String state(JoinSummary summary, boolean complete, boolean producerSilent) {
        if (summary.cancelled() > 0 || complete && summary.total() > summary.done()) {
            return "cancelled";
        }
        if (summary.total() < 0) {
            return producerSilent ? "stopped" : "publishing";
        }
        if (!complete) {
            return "running";
        }
        return summary.failed() > 0 ? "failed" : "succeeded";
    }
}
