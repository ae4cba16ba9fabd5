package io.taskmill.cli;

import io.taskmill.coordinator.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Live progress on stderr: one line redrawn in place on a terminal, a line every few
 * seconds otherwise (logs and CI would drown in redraws).
 */
final class ProgressPrinter implements Consumer<Progress> {

    private static final long LINE_EVERY_MS = 5_000;

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;
    private long lastLine;
    private boolean drawn;

    ProgressPrinter(PrintWriter err, boolean quiet) {
        this.err = err;
        this.terminal = System.console() != null;
        this.quiet = quiet;
    }

    @Override
    public void accept(Progress progress) {
        if (quiet) {
            return;
        }
        String text = render(progress);
        if (terminal) {
            err.print("\r\033[K" + text);
            err.flush();
            drawn = true;
        } else if (progress.elapsed().toMillis() - lastLine >= LINE_EVERY_MS) {
            lastLine = progress.elapsed().toMillis();
            err.println(text);
        }
    }

    /** Ends the redrawn line so that what follows starts on a line of its own. */
    void finish() {
        if (drawn) {
            err.println();
            drawn = false;
        }
    }

    static String render(Progress progress) {
        String total = progress.total() < 0 ? "?" : Long.toString(progress.total());
        String eta = progress.eta().map(ProgressPrinter::format).orElse("?");
        if (!progress.live()) {
            return String.format("%s: %d/%s done when the event log was lost; reconnecting to it", progress.batch(),
                    progress.done(), total);
        }
        String line = String.format("%s: %d/%s done, %.1f tasks/s, ETA %s", progress.batch(), progress.done(), total,
                progress.ratePerSecond(), eta);
        // The latest word of a running task on its own progress, as its handler tells it.
        return progress.running().isEmpty() ? line : line + "; task " + progress.running().get(0).taskId().seq()
                + ": " + progress.running().get(0).describe();
    }

    private static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60)
                : seconds + "s";
    }
}
