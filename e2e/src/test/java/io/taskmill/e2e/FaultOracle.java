package io.taskmill.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One oracle for every fault: P, the task ids the producer had confirmed (a sealed batch:
 * all of {@code 0..total-1}); C, the distinct ids that completed successfully (the join's
 * results); D, the ids in the dead-letter queue; and the workers' own execution log.
 * lost = |P − C − D| must be 0; duplicates = executions of the same attempt beyond the first.
 */
record FaultOracle(long confirmed, long completed, long deadLettered, long lost, long executions, long duplicates) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static FaultOracle evaluate(String batch, long total, Path results, List<String> deadLetterIds, Path executionLog)
            throws IOException {
        Map<String, String> finalStatus = new HashMap<>();
        for (String line : Files.readAllLines(results)) {
            JsonNode outcome = JSON.readTree(line);
            finalStatus.merge(outcome.get("id").asText(), outcome.get("status").asText(),
                    (before, after) -> "succeeded".equals(before) ? before : after);
        }
        Set<String> completed = new HashSet<>();
        finalStatus.forEach((id, status) -> {
            if ("succeeded".equals(status)) {
                completed.add(id);
            }
        });
        Set<String> dead = new HashSet<>();
        for (String id : deadLetterIds) {
            if (id != null && id.startsWith(batch + ":")) {
                dead.add(id);
            }
        }
        long lost = 0;
        for (long seq = 0; seq < total; seq++) {
            String id = batch + ":" + seq;
            if (!completed.contains(id) && !dead.contains(id)) {
                lost++;
            }
        }
        long executions = 0;
        Set<String> attempts = new HashSet<>();
        if (Files.exists(executionLog)) {
            for (String line : Files.readAllLines(executionLog)) {
                String[] fields = line.split(" ");
                if (fields.length == 3 && fields[0].startsWith(batch + ":")) {
                    executions++;
                    attempts.add(fields[0] + "#" + fields[2]);
                }
            }
        }
        return new FaultOracle(total, completed.size(), dead.size(), lost, executions, executions - attempts.size());
    }
}
