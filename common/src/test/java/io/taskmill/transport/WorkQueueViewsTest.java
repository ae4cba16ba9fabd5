package io.taskmill.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each partition of each lane made once, and one view a lane over them, for many queues at once. */
class WorkQueueViewsTest {

    /** Where a queue would go on a broker; never written to here. */
    private record Made(String name, Lane lane, int partition) implements WorkQueue {

        @Override
        public CompletableFuture<Void> publish(byte[] body, String messageId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> publishLater(byte[] body, Duration delay, String messageId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> deadLetter(byte[] body, Map<String, String> reason, String messageId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TaskSubscription consume(int prefetch, DeliveryHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DeadLetterQueue deadLetters() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void everyLaneOfManyQueuesOverFourPartitionsIsMadeOnceAndViewedWhole() {
        List<Made> made = new ArrayList<>();
        WorkQueueViews views = new WorkQueueViews(new WorkPartitions(4), (name, lane, partition) -> {
            Made queue = new Made(name, lane, partition);
            made.add(queue);
            return queue;
        });
        // Enough keys that a view's partitions land in the bins of the view being made, had they shared a map.
        for (int round = 0; round < 2; round++) {
            for (int q = 0; q < 100; q++) {
                for (Lane lane : Lane.all()) {
                    WorkQueue view = views.of("queue-" + q, lane);
                    assertThat(view).isInstanceOf(PartitionedWorkQueue.class).isSameAs(views.of("queue-" + q, lane));
                }
            }
        }
        assertThat(made).hasSize(100 * Lane.all().size() * 4).doesNotHaveDuplicates();
    }

    @Test
    void withOnePartitionTheBrokersQueueIsTheView() {
        WorkQueueViews views = new WorkQueueViews(WorkPartitions.ONE, Made::new);
        assertThat(views.of("default", Lane.DEFAULT)).isEqualTo(new Made("default", Lane.DEFAULT, 0))
                .isSameAs(views.of("default", Lane.DEFAULT));
    }
}
