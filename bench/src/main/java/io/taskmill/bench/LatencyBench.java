package io.taskmill.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.task.BatchEvent;
import io.taskmill.task.BatchId;
import io.taskmill.task.CompletionBatch;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import io.taskmill.transport.AllEvents;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** One task in flight at a time: from publish to its completion seen by a coordinator, in an HdrHistogram. */
final class LatencyBench {

    private final BenchContext context;

    LatencyBench(BenchContext context) {
        this.context = context;
    }

    Histogram measure(int samples) throws Exception {
        String prefix = context.newPrefix();
        TaskCodec codec = new TaskCodec();
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        ConcurrentHashMap<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
        try (Consumers consumers = context.consumers(prefix);
             Transport transport = Transports.open(BrokerAddress.parse(context.broker()),
                     new Topology(prefix))) {
            consumers.startAsUsersDo();
            try (Subscription events = AllEvents.read(transport, System.currentTimeMillis() - 1_000, body -> {
                try {
                    BatchEvent event = codec.decodeEvent(body);
                    List<? extends BatchEvent> unpacked = event instanceof CompletionBatch group ? group.events()
                            : List.of(event);
                    for (BatchEvent one : unpacked) {
                        if (one instanceof CompletionEvent completion) {
                            CompletableFuture<Void> done = waiting.remove(completion.id());
                            if (done != null) {
                                done.complete(null);
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            })) {
                String batch = BatchId.create(Instant.now());
                int warmUp = Math.min(500, samples / 5);
                for (int i = 0; i < warmUp + samples; i++) {
                    TaskEnvelope task = TaskEnvelope.create(new TaskId(batch, i), "noop",
                            JsonNodeFactory.instance.objectNode(), 60_000, System.currentTimeMillis());
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    waiting.put(task.id(), done);
                    long start = System.nanoTime();
                    transport.workQueue("default").publish(codec.encode(task), task.id());
                    done.get(30, TimeUnit.SECONDS);
                    if (i >= warmUp) {
                        histogram.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
                    }
                }
            }
        } finally {
            context.deleteQueues(prefix);
        }
        return histogram;
    }
}
