package io.taskmill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.transport.Delivery;
import io.taskmill.transport.Lane;
import io.taskmill.transport.Priority;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntakeTest {

    private final Intake intake = new Intake();

    @Test
    void theHighestPriorityWaitingStartsFirst() {
        add(Lane.of(Priority.LOW, null), "low");
        add(Lane.DEFAULT, "normal");
        add(Lane.of(Priority.HIGH, null), "high");

        assertThat(take(3)).containsExactly("high", "normal", "low");
        assertThat(intake.next()).isNull();
    }

    @Test
    void aWaitingLowerLevelIsPassedOverAtMostEightTimesInARow() {
        for (int i = 0; i < 30; i++) {
            add(Lane.of(Priority.HIGH, null), "high");
        }
        for (int i = 0; i < 3; i++) {
            add(Lane.of(Priority.LOW, null), "low");
        }

        List<String> order = take(33);
        assertThat(order.subList(0, Intake.PASS_LIMIT)).containsOnly("high");
        assertThat(order.get(Intake.PASS_LIMIT)).isEqualTo("low");
        assertThat(order.subList(Intake.PASS_LIMIT + 1, 2 * Intake.PASS_LIMIT + 1)).containsOnly("high");
        assertThat(order.get(2 * Intake.PASS_LIMIT + 1)).isEqualTo("low");
    }

    @Test
    void keysOfOneLevelTakeTurns() {
        for (int i = 0; i < 5; i++) {
            add(Lane.of(Priority.NORMAL, "tenant-a"), "a");
        }
        add(Lane.of(Priority.NORMAL, "tenant-b"), "b");
        add(Lane.DEFAULT, "none");

        List<String> firstThree = take(3);
        assertThat(firstThree).containsExactlyInAnyOrder("a", "b", "none");
        assertThat(take(4)).containsOnly("a");
    }

    @Test
    void deliveriesThatWaitedTooLongAreTakenOutWhateverTheirLaneAndTheRestStillStart() {
        intake.add(Lane.of(Priority.LOW, null), new Named("old-low"), 1_000);
        intake.add(Lane.of(Priority.HIGH, "tenant-a"), new Named("old-high"), 2_000);
        intake.add(Lane.DEFAULT, new Named("new"), 9_000);

        assertThat(intake.takeWaitingSince(5_000)).extracting(held -> ((Named) held.delivery()).name())
                .containsExactlyInAnyOrder("old-low", "old-high");
        assertThat(intake.size()).isEqualTo(1);
        assertThat(take(1)).containsExactly("new");
        assertThat(intake.next()).isNull();
    }

    private void add(Lane lane, String name) {
        intake.add(lane, new Named(name), 0);
    }

    private List<String> take(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(((Named) intake.next()).name());
        }
        return names;
    }

    private record Named(String name) implements Delivery {

        @Override
        public byte[] body() {
            return new byte[0];
        }

        @Override
        public boolean redelivered() {
            return false;
        }

        @Override
        public long previousDeliveries() {
            return 0;
        }

        @Override
        public void ack() {
        }
    }
}
