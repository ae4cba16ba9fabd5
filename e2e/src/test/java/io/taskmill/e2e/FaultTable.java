package io.taskmill.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The rows of a fault suite, written as a markdown table once the suite is done. */
final class FaultTable {

    private final List<FaultScenario.FaultRow> rows = new ArrayList<>();

    synchronized FaultScenario.FaultRow record(FaultScenario.FaultRow row) {
        rows.add(row);
        return row;
    }

    synchronized void write(Path file) throws IOException {
        StringBuilder table = new StringBuilder("| scenario | tasks | lost | duplicates | dead-lettered | seconds |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        rows.forEach(row -> table.append(row.markdown()).append('\n'));
        Files.writeString(file, table.toString());
        System.out.println(table);
    }
}
