package io.taskmill.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.client.BatchPublisher;
import io.taskmill.client.TaskmillClient;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.task.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Delayed tasks on consumers started the README's way: each no-op task gets its own due
 * time, spread over a few seconds, and its lateness is when its worker started it (the
 * completion's end less its run time) less that due time.
 */
final class DelayBench {

    private final BenchContext context;

    DelayBench(BenchContext context) {
        this.context = context;
    }

    /** Lateness of {@code tasks} tasks due {@code shortest} to {@code longest} after submission, in µs. */
    Histogram lateness(int tasks, Duration shortest, Duration longest) throws Exception {
        String prefix = context.newPrefix();
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        Map<String, Long> due = new ConcurrentHashMap<>();
        Random random = new Random(11);
        try (Consumers consumers = context.consumers(prefix); TaskmillClient client = context.client(prefix)) {
            consumers.startAsUsersDo();
            BatchPublisher batch = client.openBatch();
            long spread = longest.minus(shortest).toMillis();
            for (int i = 0; i < tasks; i++) {
                Instant when = Instant.now().plus(shortest).plusMillis((long) (random.nextDouble() * spread));
                TaskId id = batch.notBefore(when).submit("noop", JsonNodeFactory.instance.objectNode());
                due.put(id.toString(), when.toEpochMilli());
            }
            batch.seal();
            JoinSummary summary = client.join(batch.id(), Duration.ofMinutes(5), progress -> { }, completion -> {
                long started = completion.at() - completion.durationMs();
                histogram.recordValue(Math.max(1, (started - due.get(completion.id())) * 1_000));
            });
            if (summary.succeeded() != tasks) {
                throw new IllegalStateException("delayed batch ended with " + summary.succeeded() + " of " + tasks);
            }
        } finally {
            context.deleteQueues(prefix);
        }
        return histogram;
    }
}
