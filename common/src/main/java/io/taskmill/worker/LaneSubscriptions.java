package io.taskmill.worker;

import io.taskmill.transport.Lane;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.TaskSubscription;
import io.taskmill.transport.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A worker's subscriptions to the lanes of its work queue, made several at a time. A broker may
 * make a replicated queue or stream, and its consumer, for each lane on first use, each a round
 * trip through its cluster's consensus: made one after the other, the 19 lanes took a first
 * worker on a three-server NATS cluster 20 s to start, 66 s with four partitions.
 */
final class LaneSubscriptions {

    /** Subscriptions made at once: enough to overlap the round trips, few enough not to swamp a broker. */
    static final int AT_ONCE = 8;

    private LaneSubscriptions() {
    }

    /**
     * Every lane subscribed, or none: when one fails, those made are closed and the first failure thrown.
     *
     * @param subscribe subscribes to one lane; safe to call for several lanes at once
     */
    static List<TaskSubscription> open(List<Lane> lanes, Function<Lane, TaskSubscription> subscribe) {
        if (lanes.size() == 1) {
            return List.of(subscribe.apply(lanes.get(0)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(AT_ONCE, lanes.size()), runnable -> {
            Thread thread = new Thread(runnable, "taskmill-subscribe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<TaskSubscription>> opening = new ArrayList<>();
            for (Lane lane : lanes) {
                opening.add(threads.submit(() -> subscribe.apply(lane)));
            }
            List<TaskSubscription> opened = new ArrayList<>();
            RuntimeException failure = null;
            for (int i = 0; i < opening.size(); i++) {
                try {
                    opened.add(opening.get(i).get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    failure = first(failure, cause instanceof RuntimeException runtime ? runtime
                            : new TransportException("cannot consume lane " + lanes.get(i) + ": " + cause.getMessage(),
                                    cause));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    threads.shutdownNow();
                    failure = first(failure, new TransportException("stopped while subscribing", e));
                }
            }
            if (failure != null) {
                opened.forEach(Subscription::close);
                throw failure;
            }
            return opened;
        } finally {
            threads.shutdown();
        }
    }

    private static RuntimeException first(RuntimeException earlier, RuntimeException later) {
        return earlier != null ? earlier : later;
    }
}
