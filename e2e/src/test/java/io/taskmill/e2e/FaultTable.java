package io.taskmill.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The rows of a fault suite, written as a markdown table once the suite is done. */
final class FaultTable {

    private final List<FaultScenario.FaultRow> rows = new ArrayList<>();
    private final List<String> notRun = new ArrayList<>();

    synchronized FaultScenario.FaultRow record(FaultScenario.FaultRow row) {
        rows.add(row);
        return row;
    }

    /** A scenario this broker cannot be put through: a row that says why. */
    synchronized void notRun(String scenario, String reason) {
        notRun.add("| " + scenario + " — not run: " + reason + " | – | – | – | – | – |");
    }

    synchronized void write(Path file) throws IOException {
        StringBuilder table = new StringBuilder("| scenario | tasks | lost | duplicates | dead-lettered | seconds |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        rows.forEach(row -> table.append(row.markdown()).append('\n'));
        notRun.forEach(row -> table.append(row).append('\n'));
        Files.writeString(file, table.toString());
        System.out.println(table);
    }
}
