package io.taskmill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WorkWindowTest {

    private final MovableClock clock = new MovableClock();

    @Test
    void beforeAnythingRanAWorkerHoldsOneDeliveryPerThread() {
        assertThat(WorkWindow.byTime(2, 128, clock).size()).isEqualTo(2);
        assertThat(WorkWindow.byTime(2, 128, clock).unstarted()).isZero();
    }

    @Test
    void tasksFarShorterThanTheBudgetGetTheCeiling() {
        WorkWindow window = WorkWindow.byTime(2, 128, clock);
        assertThat(window.ran(1, 1)).isEqualTo(OptionalInt.of(128));
        assertThat(window.unstarted()).isEqualTo(126);
    }

    @Test
    void unstartedWorkIsBoundedByWhatTheThreadsStartWithinTheBudget() {
        WorkWindow tenths = WorkWindow.byTime(2, 128, clock);
        assertThat(tenths.ran(100, 1)).isEqualTo(OptionalInt.of(2 + 4));

        WorkWindow halves = WorkWindow.byTime(2, 128, clock);
        assertThat(halves.ran(500, 1)).isEmpty();
        assertThat(halves.size()).as("tasks longer than the budget: nothing held unstarted").isEqualTo(2);
    }

    @Test
    void aLongDeliveryAfterShortOnesShrinksTheWindowOnceItHasSettled() {
        WorkWindow window = WorkWindow.byTime(2, 128, clock);
        window.ran(0, 1);
        assertThat(window.size()).isEqualTo(128);

        assertThat(window.ran(2_000, 1)).as("within a second of the last resize").isEmpty();
        clock.advance(Duration.ofMillis(WorkWindow.SETTLE_MS));
        assertThat(window.ran(2_000, 1)).isEqualTo(OptionalInt.of(2));
        assertThat(window.unstarted()).isZero();
    }

    @Test
    void aWindowAtTheEdgeBetweenTwoSizesDoesNotSwingWithEachDelivery() {
        WorkWindow window = WorkWindow.byTime(2, 128, clock);
        assertThat(window.ran(130, 1)).isEqualTo(OptionalInt.of(2 + 3));
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMillis(WorkWindow.SETTLE_MS));
            assertThat(window.ran(i % 2 == 0 ? 142 : 130, 1)).as("delivery %d", i).isEmpty();
        }
        assertThat(window.size()).isEqualTo(5);
        clock.advance(Duration.ofMillis(WorkWindow.SETTLE_MS));
        assertThat(window.ran(2_000, 1)).as("far longer: shrinks").isEqualTo(OptionalInt.of(2));
    }

    @Test
    void aColdFirstDeliveryDoesNotHoldTheWindowSmallForASecond() {
        WorkWindow window = WorkWindow.byTime(1, 128, clock);
        assertThat(window.ran(40, 1)).isEqualTo(OptionalInt.of(1 + 5));
        OptionalInt grown = OptionalInt.empty();
        for (int i = 0; i < 30 && grown.isEmpty(); i++) {
            grown = window.ran(0, 1);
        }
        assertThat(grown).as("no clock moved: growth at least doubles at once").isPresent();
        assertThat(grown.getAsInt()).isGreaterThanOrEqualTo(12);
    }

    @Test
    void smallChangesAmongManyShortTasksAreNotWorthAResize() {
        WorkWindow window = WorkWindow.byTime(2, 128, clock);
        window.ran(4, 1);
        int size = window.size();
        clock.advance(Duration.ofSeconds(5));
        assertThat(window.ran(5, 1)).isEmpty();
        assertThat(window.size()).isEqualTo(size);
    }

    @Test
    void chunksCountByTheirTasks() {
        WorkWindow window = WorkWindow.byTime(2, 512, clock);
        assertThat(window.ran(0, 1)).as("no-ops one a message").isEqualTo(OptionalInt.of(512));

        WorkWindow chunks = WorkWindow.byTime(2, 512, clock);
        assertThat(chunks.ran(0, 100)).as("no-ops 100 a message").isEqualTo(OptionalInt.of(WorkWindow.MOST_TASKS / 100));

        WorkWindow huge = WorkWindow.byTime(2, 512, clock);
        assertThat(huge.ran(1, 1_000_000)).isEmpty();
        assertThat(huge.size()).as("never fewer than one per thread").isEqualTo(2);
    }

    @Test
    void aFixedPrefetchNeverChanges() {
        WorkWindow window = WorkWindow.fixed(2, 16, clock);
        assertThat(window.size()).isEqualTo(16);
        assertThat(window.ran(10_000, 1)).isEmpty();
        assertThat(window.size()).isEqualTo(16);
    }
}
