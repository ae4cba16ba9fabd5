package io.taskmill.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The threads of a JVM the suite started, as {@code jcmd Thread.print} shows them: why a process did not end. */
final class ThreadDump {

    private ThreadDump() {
    }

    /**
     * The threads of a dump that are not idle, a few frames each: what CI's short report of a failure can hold.
     * A thread is idle when it waits for work in a pool, a timer, or a socket read.
     */
    static String busy(String dump) {
        StringBuilder busy = new StringBuilder();
        for (String thread : dump.split("\n\n")) {
            List<String> lines = thread.lines().toList();
            if (lines.size() < 3 || !lines.get(0).startsWith("\"") || idle(thread)) {
                continue;
            }
            busy.append(lines.get(0), 0, Math.min(lines.get(0).length(), 60)).append(" | ")
                    .append(lines.get(1).strip()).append('\n');
            lines.stream().skip(2).limit(6).forEach(frame -> busy.append("    ").append(frame.strip()).append('\n'));
        }
        return busy.toString();
    }

    /** What an idle thread shows: a wait for work in a pool or a timer, a poll, or a thread of the JVM's own. */
    private static final List<String> IDLE = List.of("ThreadPoolExecutor.getTask", "DelayedWorkQueue.take",
            "ForkJoinPool.awaitWork", "LinkedBlockingQueue.take", "EPoll.wait", "\"process reaper",
            "Reference$ReferenceHandler", "\"Finalizer", "\"Signal Dispatcher", "\"Common-Cleaner",
            "\"Attach Listener", "CompilerThread", "\"Notification Thread", "\"Service Thread",
            "\"Monitor Deflation", "\"Sweeper thread", "\"DestroyJavaVM");

    private static boolean idle(String thread) {
        return thread.contains("RUNNABLE") && thread.contains("SocketDispatcher.read")
                || IDLE.stream().anyMatch(thread::contains);
    }

    static String of(Process process) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            // Into a file, read once jcmd ended: reading its pipe would wait as long as a jcmd that hangs.
            Path out = Files.createTempFile("thread-dump-", ".txt");
            try {
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                    dump.destroyForcibly();
                    return "(jcmd did not answer within 30 s)";
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }
}
