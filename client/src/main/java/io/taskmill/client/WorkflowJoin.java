package io.taskmill.client;

import io.taskmill.coordinator.Coordinator;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.task.BatchEvent;
import io.taskmill.task.BatchId;
import io.taskmill.task.CallbackDeclared;
import io.taskmill.task.CallbackFired;
import io.taskmill.task.JoinFence;
import io.taskmill.task.MalformedMessageException;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.ConfirmedAppend;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Joins a batch and then each step its callbacks started, in turn, as the control log tells
 * them: the whole of a chain, a fan-out and its fan-in. Waits for the steps, never makes
 * them happen: the workers fire them whether anyone joins or not.
 */
public final class WorkflowJoin implements AutoCloseable {

    /**
     * How far before the first batch's creation the control log is read: its id carries the
     * producer's clock, which may be ahead of the broker's, and a declaration read past would
     * end the join at a step that has one. The control log holds few entries a batch.
     */
    private static final Duration REACH_BACK = Duration.ofMinutes(10);

    /** A step joined: its batch's summary, and how its callback was settled (null: it has none). */
    public record Step(JoinSummary summary, CallbackFired settled) {

        /** Why the step after this one never runs, or null when it runs or there is none. */
        public String stopped() {
            return settled != null && settled.outcome() == CallbackFired.Outcome.STOPPED ? settled.reason() : null;
        }
    }

    private final Map<String, CallbackDeclared> declared = new HashMap<>();
    private final Map<String, CallbackFired> settled = new HashMap<>();
    private final String fence = UUID.randomUUID().toString();
    private boolean caughtUp;
    private final Subscription subscription;

    WorkflowJoin(Transport transport, TaskCodec codec, Clock clock, String first) {
        EventLog control = transport.log(Logs.CONTROL);
        this.subscription = control.read(BatchId.createdAt(first).toEpochMilli() - REACH_BACK.toMillis(), body -> {
            BatchEvent event;
            try {
                event = codec.decodeEvent(body);
            } catch (MalformedMessageException e) {
                return;
            }
            synchronized (this) {
                if (event instanceof CallbackDeclared declaration) {
                    declared.putIfAbsent(declaration.batch(), declaration);
                } else if (event instanceof CallbackFired fired) {
                    settled.putIfAbsent(fired.batch(), fired);
                } else if (event instanceof JoinFence seen && fence.equals(seen.fence())) {
                    caughtUp = true;
                }
                notifyAll();
            }
        });
        try {
            // As a batch's join does: a fence the broker did not confirm (a stream electing its leader after a
            // node came back) is appended again; a second copy is harmless, the reader is caught up at the first.
            new ConfirmedAppend(clock).append(control, codec.encode(JoinFence.of(first, fence, clock.millis())),
                    clock.millis() + Coordinator.FENCE_PATIENCE.toMillis(),
                    "cannot read the control log for the steps after batch " + first);
        } catch (InterruptedException e) {
            subscription.close();
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while starting the join of the steps after batch " + first, e);
        } catch (RuntimeException e) {
            subscription.close();
            throw e;
        }
    }

    /**
     * Joins {@code first}, then each step after it, until a step without a callback or one
     * that stopped.
     *
     * @param join     how one batch is joined (its progress and results go where the caller says)
     * @param settling how long a final batch's callback may take to settle before the join says so and fails
     */
    List<Step> join(String first, BatchJoin join, Duration settling) throws InterruptedException {
        List<Step> steps = new ArrayList<>();
        String batch = first;
        while (true) {
            JoinSummary summary = join.join(batch);
            if (summary.timedOut()) {
                steps.add(new Step(summary, null));
                return steps;
            }
            CallbackFired fired = awaitSettled(batch, settling);
            steps.add(new Step(summary, fired));
            if (fired == null || fired.outcome() != CallbackFired.Outcome.FIRED) {
                return steps;
            }
            batch = fired.callbackBatch();
        }
    }

    /** How the callback of a final batch was settled: null when it has none. */
    private synchronized CallbackFired awaitSettled(String batch, Duration settling) throws InterruptedException {
        long deadline = System.nanoTime() + settling.toNanos();
        awaitCaughtUp(deadline, settling);
        awaitWhile(() -> declared.containsKey(batch) && !settled.containsKey(batch), deadline,
                "batch " + batch + " is final and its callback has not run within " + settling.toSeconds()
                        + " s: no live worker of this deployment saw it (start a consumer), or they cannot reach the "
                        + "broker");
        return settled.get(batch);
    }

    /**
     * The batches of the steps fired after {@code batch} so far, in order, once the control log
     * has been read up to this join's start.
     */
    synchronized List<String> firedAfter(String batch, Duration wait) throws InterruptedException {
        awaitCaughtUp(wait);
        List<String> fired = new ArrayList<>();
        CallbackFired step = settled.get(batch);
        while (step != null && step.outcome() == CallbackFired.Outcome.FIRED) {
            fired.add(step.callbackBatch());
            step = settled.get(step.callbackBatch());
        }
        return fired;
    }

    /**
     * The declaration of {@code batch}'s callback and how it was settled, as far as the control
     * log says once read up to this join's start: what {@code workflow show} shows.
     */
    synchronized StepState state(String batch, Duration wait) throws InterruptedException {
        awaitCaughtUp(wait);
        return new StepState(declared.get(batch), settled.get(batch));
    }

    /** A step's callback as the control log tells it: each null when not (yet) there. */
    public record StepState(CallbackDeclared declared, CallbackFired settled) {
    }

    private void awaitCaughtUp(Duration wait) throws InterruptedException {
        awaitCaughtUp(System.nanoTime() + wait.toNanos(), wait);
    }

    private void awaitCaughtUp(long deadline, Duration wait) throws InterruptedException {
        awaitWhile(() -> !caughtUp, deadline, "the control log did not give back its fence within "
                + wait.toSeconds() + " s");
    }

    /** Waits, holding this join's lock, while {@code pending} holds; past {@code deadline} (nanos) fails saying {@code why}. */
    private void awaitWhile(java.util.function.BooleanSupplier pending, long deadline, String why)
            throws InterruptedException {
        while (pending.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TransportException(why);
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** One batch's join. */
    @FunctionalInterface
    public interface BatchJoin {
        JoinSummary join(String batch) throws InterruptedException;
    }

    @Override
    public void close() {
        subscription.close();
    }
}
