package io.taskmill.bench;

import java.nio.file.Path;

/** The peers of one harness run, each on the broker its users would give it, under queue names of their own. */
final class Peers {

    private final BullMqPeer bullmq;
    private final CeleryPeer celery;

    Peers(Path directory, String amqpUri, String redisUrl, BenchContext context) {
        this.bullmq = new BullMqPeer(directory.resolve("bullmq"), redisUrl, context.logs(), context.newPrefix());
        this.celery = new CeleryPeer(directory.resolve("celery"), amqpUri, context.logs(), context.newPrefix());
    }

    BullMqPeer bullmq() {
        return bullmq;
    }

    CeleryPeer celery() {
        return celery;
    }
}
