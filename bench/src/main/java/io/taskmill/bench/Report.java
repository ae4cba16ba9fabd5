package io.taskmill.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** BENCHMARKS.md and its JSON twin: metric, Taskmill, reference, ratio, target, met. */
final class Report {

    private final Map<String, String> context = new LinkedHashMap<>();
    private final List<Metric> metrics = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void context(String key, String value) {
        context.put(key, value);
    }

    void add(Metric metric) {
        metrics.add(metric);
        System.err.printf("bench: %-58s %12s %-8s ref %12s  ratio %s  %s%n", metric.name(), number(metric.taskmill()),
                metric.unit(), number(metric.reference()), ratio(metric.ratio()), met(metric.met()));
    }

    void note(String note) {
        notes.add(note);
    }

    void write(Path markdown, Path json) throws IOException {
        StringBuilder text = new StringBuilder("# Taskmill benchmarks\n\n");
        text.append("Every figure was measured by the harness in one run on one machine, beside its reference "
                + "(RabbitMQ PerfTest for the broker's ceiling, the lecture's Python multiprocessing examples, or "
                + "plain Java in one thread); ratios are Taskmill / reference.\n\n");
        context.forEach((key, value) -> text.append("- ").append(key).append(": ").append(value).append('\n'));
        text.append("\n| metric | Taskmill | reference | ratio | target | met? |\n|---|---:|---:|---:|---|---|\n");
        for (Metric m : metrics) {
            // A '|' in a name, even inside backticks, would end its cell.
            text.append(String.format("| %s | %s %s | %s %s | %s | %s | %s |%n", m.name().replace("|", "\\|"),
                    number(m.taskmill()),
                    m.unit(), number(m.reference()), m.referenceName(), ratio(m.ratio()),
                    m.target() == null ? "" : m.target(), met(m.met())));
        }
        if (!notes.isEmpty()) {
            text.append("\n## Notes\n\n");
            notes.forEach(note -> text.append("- ").append(note).append('\n'));
        }
        Files.writeString(markdown, text.toString());
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("context", context);
        all.put("metrics", metrics);
        all.put("notes", notes);
        Files.createDirectories(json.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), all);
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return Math.abs(value) >= 100 ? String.format("%,.0f", value) : String.format("%.3g", value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "–" : String.format("%.2f×", value);
    }

    private static String met(Boolean met) {
        return met == null ? "" : met ? "yes" : "**no**";
    }
}
