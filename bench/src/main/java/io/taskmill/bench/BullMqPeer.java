package io.taskmill.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** BullMQ (npm, bench/peers/bullmq) on the machine's Redis: two Node worker processes of concurrency 100. */
record BullMqPeer(Path directory, String redisUrl, Path logs, String queue) implements Peer {

    static final int WORKERS = 2;
    static final int CONCURRENCY = 100;

    @Override
    public String settings() {
        return "BullMQ " + version() + ", " + WORKERS + " worker processes of concurrency " + CONCURRENCY
                + ", jobs added with addBulk (1,000 a call), completion counted from Redis, the producer timed as a "
                + "whole process as Taskmill's CLI is; Redis here keeps nothing on disk, where Taskmill's tasks are "
                + "fsynced by a quorum queue";
    }

    @Override
    public PeerProcesses processes() {
        return new PeerProcesses(directory, logs, "bullmq", Map.of("REDIS_URL", redisUrl));
    }

    @Override
    public void startWorkers(PeerProcesses processes, boolean forLatency) throws Exception {
        for (int i = 0; i < (forLatency ? 1 : WORKERS); i++) {
            processes.startWorker(List.of("node", "noop.mjs", "worker", queue, Integer.toString(CONCURRENCY)), "ready");
        }
    }

    @Override
    public List<String> driver(String mode, int count) {
        return List.of("node", "noop.mjs", mode, queue, Integer.toString(count));
    }

    private String version() {
        try {
            String json = Files.readString(directory.resolve("node_modules/bullmq/package.json"));
            Matcher matcher = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
            return matcher.find() ? matcher.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }
}
