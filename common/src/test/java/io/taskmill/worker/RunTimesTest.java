package io.taskmill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.task.TaskId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunTimesTest {

    private final AtomicInteger moves = new AtomicInteger();
    private final RunTimes times = new RunTimes(moves::incrementAndGet);
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

    /** A heartbeat after a new worker's first, cold no-op said 20 ms; producers packed a tenth of what they should. */
    @Test
    void aTypeThatRunsFarFromWhatTheFleetWasToldAsksForAHeartbeat() {
        ran("noop", "succeeded", 20);
        assertThat(moves).as("a type nobody was told of waits for the next heartbeat").hasValue(0);
        assertThat(times.tell()).containsEntry("noop", 20.0);
        ran("noop", "succeeded", 15);
        assertThat(moves).as("within twice what was told").hasValue(0);
        ran("noop", "succeeded", 0);
        ran("noop", "succeeded", 0);
        assertThat(moves).as("median 7.5 ms, told 20").hasValue(1);
        assertThat(times.tell()).containsEntry("noop", 7.5);
        for (int i = 0; i < 20; i++) {
            ran("noop", "succeeded", 0);
        }
        assertThat(moves).as("told once more each task until a heartbeat says it").hasValueGreaterThan(1);
        assertThat(times.tell().get("noop")).isLessThan(RunTimes.PACKS_ALIKE_MS);
        int told = moves.get();
        ran("noop", "succeeded", 0);
        ran("noop", "succeeded", 1);
        assertThat(moves).as("times under a millisecond pack alike").hasValue(told);
    }

    @Test
    void aLongTypeThatSlowsDownAsksForAHeartbeatToo() {
        for (int i = 0; i < RunTimes.WARM_UP; i++) {
            ran("sleep", "succeeded", 100);
        }
        times.tell();
        ran("sleep", "succeeded", 400);
        assertThat(moves).as("the average 160 ms, told 100").hasValue(0);
        ran("sleep", "succeeded", 400);
        assertThat(moves).as("the average 208 ms, told 100").hasValue(1);
    }
}
