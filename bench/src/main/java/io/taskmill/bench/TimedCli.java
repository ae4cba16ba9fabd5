package io.taskmill.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI as a user's shell does, under {@code /usr/bin/time} for its peak resident memory. */
record TimedCli(BenchContext context, Path cliJar) {

    /** What one CLI process printed, how long it took and its peak resident memory. */
    record Run(String out, double seconds, long peakRssBytes) {
    }

    /** On the context's broker, under {@code prefix}. */
    Run run(String prefix, String... args) throws IOException, InterruptedException {
        List<String> cliArgs = new ArrayList<>(List.of(args));
        cliArgs.addAll(List.of("--broker", context.broker(), "--prefix", prefix));
        return runAsIs(cliArgs);
    }

    /** Exactly these arguments: no broker (the embedded default) unless they name one. */
    Run runAsIs(List<String> args) throws IOException, InterruptedException {
        Path peak = Files.createTempFile(Files.createDirectories(context.logs()), "time", ".txt");
        try {
            ProcessBuilder builder = Launchers.cli(cliJar, args).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.command().addAll(0, List.of("/usr/bin/time", "-o", peak.toString(), "-f", "%M"));
            long start = System.nanoTime();
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", args) + " exited " + process.exitValue() + ": " + out);
            }
            double seconds = BenchContext.seconds(start);
            long peakKb = Long.parseLong(Files.readString(peak).strip().lines().reduce((a, b) -> b).orElseThrow());
            return new Run(out, seconds, peakKb * 1024);
        } finally {
            Files.deleteIfExists(peak);
        }
    }
}
