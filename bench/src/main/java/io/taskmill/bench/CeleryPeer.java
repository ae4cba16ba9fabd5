package io.taskmill.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Celery (Debian's python3-celery, bench/peers/celery) on the same RabbitMQ: one worker, prefork pool of two. */
record CeleryPeer(Path directory, String amqpUri, Path logs, String queue) implements Peer {

    /** Debian's interpreter, where python3-celery is installed (a python3 earlier on PATH may lack it). */
    static final String PYTHON = "/usr/bin/python3";
    static final int POOL = 2;

    @Override
    public String settings() {
        return "Celery (Debian's python3-celery), 1 worker with a prefork pool of " + POOL + ", acks late, prefetch "
                + "multiplier 4 (its default), rpc:// results, tasks sent through one producer, timed as a whole "
                + "process; its queue is a durable classic queue without publisher confirms, where Taskmill's is a "
                + "quorum queue with confirms";
    }

    @Override
    public PeerProcesses processes() {
        // Celery names the default virtual host with a path of its own.
        String broker = amqpUri.matches("amqps?://[^/]*") ? amqpUri + "//" : amqpUri;
        return new PeerProcesses(directory, logs, "celery", Map.of("CELERY_BROKER", broker));
    }

    @Override
    public void startWorkers(PeerProcesses processes, boolean forLatency) throws Exception {
        processes.startWorker(List.of(PYTHON, "-m", "celery", "-A", "noop_tasks", "worker", "-Q", queue, "--pool",
                "prefork", "--concurrency", Integer.toString(POOL), "--loglevel", "INFO"), " ready.");
    }

    @Override
    public List<String> driver(String mode, int count) {
        return List.of(PYTHON, "noop_tasks.py", mode, queue, Integer.toString(count));
    }
}
