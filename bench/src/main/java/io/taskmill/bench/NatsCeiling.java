package io.taskmill.bench;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The NATS counterpart of PerfTest: one publisher and one consumer on a work-queue stream
 * with file storage, each publish confirmed by its ack and each message acknowledged, 256
 * bytes a message, as a task is carried. Nothing of Taskmill is on this path.
 */
final class NatsCeiling {

    private static final int BODY_BYTES = 256;
    private static final int PUBLISH_WINDOW = 1_000;
    private static final int FETCH_BATCH = 256;

    private final String uri;

    NatsCeiling(String uri) {
        this.uri = uri;
    }

    /** Messages a second, from the first publish until the consumer acknowledged the last one. */
    double messagesPerSecond(int messages) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String stream = "taskmill_bench_ceiling_" + id;
        String subject = "taskmill.bench.ceiling." + id;
        try (Connection connection = Nats.connect(uri)) {
            JetStreamManagement management = connection.jetStreamManagement();
            management.addStream(StreamConfiguration.builder().name(stream).subjects(subject)
                    .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File).build());
            try {
                management.addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable("ceiling")
                        .ackPolicy(AckPolicy.Explicit).maxAckPending(4 * FETCH_BATCH).build());
                JetStream jetStream = connection.jetStream();
                JetStreamSubscription subscription = jetStream.subscribe(null,
                        PullSubscribeOptions.bind(stream, "ceiling"));
                long start = System.nanoTime();
                CompletableFuture<Void> consumed = CompletableFuture.runAsync(() -> consume(subscription, messages));
                publish(jetStream, subject, messages);
                consumed.get(10, TimeUnit.MINUTES);
                return messages / ((System.nanoTime() - start) / 1e9);
            } finally {
                management.deleteStream(stream);
            }
        }
    }

    private static void publish(JetStream jetStream, String subject, int messages) throws Exception {
        byte[] body = new byte[BODY_BYTES];
        Semaphore window = new Semaphore(PUBLISH_WINDOW);
        AtomicReference<Throwable> refused = new AtomicReference<>();
        for (int i = 0; i < messages && refused.get() == null; i++) {
            window.acquire();
            jetStream.publishAsync(subject, body).whenComplete((ack, error) -> {
                if (error != null) {
                    refused.compareAndSet(null, error);
                }
                window.release();
            });
        }
        if (!window.tryAcquire(PUBLISH_WINDOW, 2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("NATS did not confirm the ceiling's publishes within 2 minutes");
        }
        if (refused.get() != null) {
            throw new IllegalStateException("NATS refused a ceiling publish", refused.get());
        }
    }

    private static void consume(JetStreamSubscription subscription, int messages) {
        int acked = 0;
        while (acked < messages) {
            for (Message message : subscription.fetch(FETCH_BATCH, Duration.ofSeconds(1))) {
                message.ack();
                acked++;
            }
        }
    }
}
