package io.taskmill.client;

import io.taskmill.coordinator.JoinSummary;
import java.util.Locale;

/**
 * One step of a workflow as {@link TaskmillClient#workflow} finds it.
 *
 * @param type    its task type, as the step before declared it; null for the first step (its
 *                producer's batch, whose type no log records)
 * @param batch   its batch; null for a step not fired
 * @param summary its batch's counts now; null for a step not fired
 * @param stopped why a step not fired never runs (the step before failed under a stop policy,
 *                the workflow was cancelled, ...); null for one that runs or waits its turn
 */
public record WorkflowStep(String type, String batch, JoinSummary summary, String stopped) {

    /** What the step is doing, in a word. */
    public enum State { WAITING, STOPPED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    public State state() {
        if (summary == null) {
            return stopped == null ? State.WAITING : State.STOPPED;
        }
        if (summary.cancelled() > 0) {
            return State.CANCELLED;
        }
        if (summary.timedOut()) {
            return State.RUNNING;
        }
        return summary.failed() > 0 ? State.FAILED : State.SUCCEEDED;
    }

    /** The word for the state, as {@code workflow show} prints it. */
    public String word() {
        return state().name().toLowerCase(Locale.ROOT);
    }
}
