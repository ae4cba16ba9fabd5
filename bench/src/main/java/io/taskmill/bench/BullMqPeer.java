package io.taskmill.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/** BullMQ (npm, bench/peers/bullmq) on the machine's Redis: two Node worker processes of concurrency 100. */
record BullMqPeer(Path directory, String redisUrl, Path logs, String queue) implements Peer {

    static final int WORKERS = 2;
    static final int CONCURRENCY = 100;

    @Override
    public String name() {
        return "BullMQ";
    }

    @Override
    public String settings() {
        return "BullMQ " + version() + ", " + WORKERS + " worker processes of concurrency " + CONCURRENCY
                + ", jobs added with addBulk (1,000 a call), completion counted from Redis; Redis here keeps "
                + "nothing on disk, where Taskmill's tasks are fsynced by a quorum queue";
    }

    @Override
    public Run noops(int tasks) throws Exception {
        try (PeerProcesses processes = processes()) {
            for (int i = 0; i < WORKERS; i++) {
                processes.startWorker(List.of("node", "noop.mjs", "worker", queue, Integer.toString(CONCURRENCY)),
                        "ready");
            }
            List<String> out = processes.run(List.of("node", "noop.mjs", "producer", queue, Integer.toString(tasks)));
            return new Run(tasks, Double.parseDouble(out.get(out.size() - 1)), processes.rssBytes());
        } finally {
            clean();
        }
    }

    @Override
    public Histogram latency(int samples) throws Exception {
        try (PeerProcesses processes = processes()) {
            processes.startWorker(List.of("node", "noop.mjs", "worker", queue, Integer.toString(CONCURRENCY)), "ready");
            int warmUp = Math.min(500, samples / 5);
            return Peer.histogram(processes.run(List.of("node", "noop.mjs", "latency", queue,
                    Integer.toString(warmUp + samples))), warmUp);
        } finally {
            clean();
        }
    }

    private void clean() throws Exception {
        try (PeerProcesses processes = processes()) {
            processes.run(List.of("node", "noop.mjs", "clean", queue));
        }
    }

    private PeerProcesses processes() {
        return new PeerProcesses(directory, logs, "bullmq", Map.of("REDIS_URL", redisUrl));
    }

    private String version() {
        try {
            String json = Files.readString(directory.resolve("node_modules/bullmq/package.json"));
            Matcher matcher = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"")
                    .matcher(json);
            return matcher.find() ? matcher.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }
}
