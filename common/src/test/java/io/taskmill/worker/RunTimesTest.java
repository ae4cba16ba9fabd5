package io.taskmill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.task.TaskId;
import org.junit.jupiter.api.Test;

class RunTimesTest {

    private final RunTimes times = new RunTimes();
    private final TaskId id = TaskId.parse("mwy60eaq-yyo72ieh:0");

    private void ran(String type, String outcome, long ms) {
        times.executed(new TaskExecution(id, type, 1, outcome, ms, null));
    }

    @Test
    void eachTypeHasAMovingAverageThatFollowsItsLatestAttempts() {
        for (int i = 0; i < RunTimes.WARM_UP; i++) {
            ran("sleep", "succeeded", 2_000);
        }
        ran("sleep", "retried", 100);
        assertThat(times.meanMillis()).containsEntry("sleep", 1_620.0);
        for (int i = 0; i < 40; i++) {
            ran("sleep", "succeeded", 100);
        }
        assertThat(times.meanMillis().get("sleep")).isBetween(100.0, 101.0);
    }

    @Test
    void aTypesFirstAttemptsCountByTheirMedianSoThatAFewColdOnesDoNotMoveIt() {
        ran("noop", "succeeded", 270);
        assertThat(times.meanMillis()).containsEntry("noop", 270.0);
        ran("noop", "succeeded", 12);
        ran("noop", "succeeded", 0);
        assertThat(times.meanMillis()).containsEntry("noop", 12.0);
        for (int i = 0; i < 12; i++) {
            ran("noop", "succeeded", 0);
        }
        assertThat(times.meanMillis()).containsEntry("noop", 0.0);
    }

    @Test
    void anAttemptCutShortByACancellationSaysNothingOfItsType() {
        ran("count", "succeeded", 3);
        ran("count", "cancelled", 9_000);
        ran("noop", "cancelled", 5);
        assertThat(times.meanMillis()).containsOnlyKeys("count").containsEntry("count", 3.0);
    }
}
