package io.taskmill.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The threads of a JVM the suite started, as {@code jcmd Thread.print} shows them: why a process did not end. */
final class ThreadDump {

    private ThreadDump() {
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
