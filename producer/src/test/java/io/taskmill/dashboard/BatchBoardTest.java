package io.taskmill.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.task.BatchCancelled;
import io.taskmill.task.BatchEvent;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchOpened;
import io.taskmill.task.JoinFence;
import io.taskmill.task.ProducerBeat;
import io.taskmill.task.TaskCodec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchBoardTest {

    private final TaskCodec codec = new TaskCodec();
    private final BatchBoard board = new BatchBoard(codec);

    private void log(BatchEvent event, long now) {
        board.onEntry(codec.encode(event), now);
    }

    @Test
    void anIdOnlyJoinedOrCancelledIsNoBatch() {
        String ghost = BatchId.create(Instant.ofEpochMilli(1_000_000));
        log(JoinFence.of(ghost, "f", 1_000_000), 1_000_000);
        log(BatchCancelled.of(ghost, 1_000_100), 1_000_100);
        assertThat(board.rows(1_000_200)).isEmpty();
    }

    @Test
    void aBatchWhoseProducerMissedSixBeatsIsStoppedAndOneWithoutBeatsIsPublishing() {
        String beating = BatchId.create(Instant.ofEpochMilli(1_000_000));
        log(BatchOpened.beating(beating, 1_000_000, 5_000), 1_000_000);
        log(ProducerBeat.of(beating, 1_005_000), 1_005_000);
        String silent = BatchId.create(Instant.ofEpochMilli(1_000_001));
        log(BatchOpened.of(silent, 1_000_001), 1_000_001);

        assertThat(board.rows(1_034_000)).extracting(BatchBoard.BatchRow::state)
                .containsExactlyInAnyOrder("publishing", "publishing");
        assertThat(board.rows(1_036_000)).filteredOn(row -> row.batch().equals(beating))
                .extracting(BatchBoard.BatchRow::state).containsExactly("stopped");
        assertThat(board.rows(1_036_000)).filteredOn(row -> row.batch().equals(silent))
                .extracting(BatchBoard.BatchRow::state).containsExactly("publishing");
    }
}
