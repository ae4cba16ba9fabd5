package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.fleet.WorkerHeartbeat;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ChunkSizingTest {

    private static WorkerHeartbeat worker(String id, String queue, int threads, Map<String, Double> meanMs) {
        return new WorkerHeartbeat(WorkerHeartbeat.KIND, id, "host", queue, List.of("count", "sleep"), threads, 0, 0,
                0, "RUNNING", 0, 0, 0, 0, meanMs, List.of(), List.of());
    }

    @Test
    void aMessageHoldsAboutTheTargetOfMeasuredWork() {
        List<WorkerHeartbeat> fleet = List.of(worker("a", "default", 2, Map.of("count", 4.0)),
                worker("b", "default", 2, Map.of("count", 6.0)));
        ChunkSizing sizing = ChunkSizing.of(fleet, "default", "count");

        assertThat(sizing.threads()).isEqualTo(4);
        assertThat(sizing.meanMs()).hasValue(5.0);
        assertThat(sizing.perMessage(6_000)).isEqualTo((int) (ChunkSizing.TARGET_MS / 5));
    }

    @Test
    void tasksLongerThanTheTargetGoOneAMessage() {
        ChunkSizing sizing = ChunkSizing.of(List.of(worker("a", "default", 2, Map.of("sleep", 2_000.0))),
                "default", "sleep");
        assertThat(sizing.perMessage(40)).isEqualTo(1);
        assertThat(sizing.perMessage(-1)).isEqualTo(1);
    }

    @Test
    void everyThreadGetsAboutFourMessagesAsPoolMapGivesItsProcesses() {
        ChunkSizing sizing = new ChunkSizing(OptionalDouble.of(0.01), 4);
        assertThat(sizing.perMessage(320)).isEqualTo(320 / 16);
        assertThat(sizing.perMessage(200_000)).isEqualTo(ChunkSizing.MAX_TASKS);
        assertThat(sizing.perMessage(-1)).as("a stream of a measured type").isEqualTo(ChunkSizing.MAX_TASKS);
    }

    @Test
    void aTypeNobodyRanGoesByTheCountRuleAloneAndAStreamOfItOneAMessage() {
        ChunkSizing sizing = ChunkSizing.of(List.of(worker("a", "default", 2, Map.of("count", 1.0))), "default",
                "sha512");
        assertThat(sizing.meanMs()).isEmpty();
        assertThat(sizing.perMessage(800)).isEqualTo(800 / 8);
        assertThat(sizing.perMessage(-1)).isEqualTo(1);
        assertThat(ChunkSizing.unknown().perMessage(6_400)).isEqualTo(6_400 / (4 * ChunkSizing.UNKNOWN_THREADS));
        assertThat(ChunkSizing.unknown().perMessage(1)).isEqualTo(1);
    }

    @Test
    void workersOfAnotherQueueSayNothing() {
        ChunkSizing sizing = ChunkSizing.of(List.of(worker("a", "images", 8, Map.of("count", 100.0))), "default",
                "count");
        assertThat(sizing).isEqualTo(ChunkSizing.unknown());
    }
}
