package io.taskmill.e2e;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What a suite needs from the machine. In CI ({@code CI=true}) a missing piece fails the
 * build; on a developer machine the suite is skipped, with a line on stderr saying so.
 */
final class Requirements {

    private Requirements() {
    }

    static void unmet(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true: " + reason);
        }
        System.err.println("#### SKIPPED: " + reason + " ####");
        Assumptions.abort(reason);
    }

    /** The system Python with {@code module} importable, as Debian's package gives it. */
    static void systemPython(String module, String suite) throws IOException, InterruptedException {
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import " + module).redirectErrorStream(true)
                .start();
        if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
            probe.destroyForcibly();
            unmet(suite + " needs /usr/bin/python3 with " + module + " (apt-get install python3-" + module + ")");
        }
    }
}
