package io.taskmill.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the broker's process, from /proc, so that a run can say what each task cost
 * the broker beside what each PerfTest message cost it.
 */
record BrokerCpu(long pid) {

    /** Clock ticks per second of /proc/PID/stat's utime and stime on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    /** The oldest process whose command line matches, as pgrep finds it; empty when none runs. */
    static java.util.Optional<BrokerCpu> find(String pattern) throws IOException, InterruptedException {
        Process pgrep = new ProcessBuilder("pgrep", "-o", "-f", pattern).start();
        String out = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return pgrep.waitFor() == 0 && !out.isEmpty()
                ? java.util.Optional.of(new BrokerCpu(Long.parseLong(out.lines().findFirst().orElseThrow())))
                : java.util.Optional.empty();
    }

    /** User and system CPU seconds so far. */
    double seconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name in parentheses may hold spaces: fields are counted after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }
}
