package io.taskmill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskmill.transport.Lane;
import io.taskmill.transport.TaskSubscription;
import io.taskmill.transport.TransportException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LaneSubscriptionsTest {

    /** A subscription that only says whether it was closed. */
    private static final class Made implements TaskSubscription {
        final Lane lane;
        volatile boolean closed;

        Made(Lane lane) {
            this.lane = lane;
        }

        @Override
        public void resize(int window) {
        }

        @Override
        public void cancel() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void everyLaneIsSubscribedSeveralAtATimeNeverMoreThanItsBound() {
        CountDownLatch together = new CountDownLatch(LaneSubscriptions.AT_ONCE);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<TaskSubscription> made = LaneSubscriptions.open(Lane.all(), lane -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            together.countDown();
            try {
                // The first AT_ONCE subscriptions wait for each other: made one after the other, they would time out.
                assertThat(together.await(30, TimeUnit.SECONDS)).as("subscribed together").isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                inside.decrementAndGet();
            }
            return new Made(lane);
        });
        assertThat(made).extracting(subscription -> ((Made) subscription).lane)
                .containsExactlyInAnyOrderElementsOf(Lane.all());
        assertThat(most.get()).isEqualTo(LaneSubscriptions.AT_ONCE);
    }

    @Test
    void oneLaneThatCannotBeSubscribedClosesTheOthersAndSaysWhy() {
        Set<Made> made = ConcurrentHashMap.newKeySet();
        Lane refused = Lane.all().get(3);
        assertThatThrownBy(() -> LaneSubscriptions.open(Lane.all(), lane -> {
            if (lane.equals(refused)) {
                throw new TransportException("cannot create stream of lane 3");
            }
            Made subscription = new Made(lane);
            made.add(subscription);
            return subscription;
        })).isInstanceOf(TransportException.class).hasMessage("cannot create stream of lane 3");
        assertThat(made).hasSize(Lane.all().size() - 1).allMatch(subscription -> subscription.closed);
    }

    @Test
    void oneLaneIsSubscribedOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        List<TaskSubscription> made = LaneSubscriptions.open(List.of(Lane.DEFAULT), lane -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            return new Made(lane);
        });
        assertThat(made).hasSize(1);
    }
}
