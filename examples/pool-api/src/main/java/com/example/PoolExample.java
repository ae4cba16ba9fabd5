package com.example;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.client.TaskFailedException;
import io.taskmill.client.Taskmill;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** The README's example of the Pool-style API: run it with a broker URI, or none for the embedded default. */
public final class PoolExample {

    record Counted(long n, long checksum) {
    }

    public static void main(String[] args) throws Exception {
        String broker = args.length > 0 ? args[0] : "mem://example";
        try (Taskmill taskmill = Taskmill.connect(broker)) {
            // apply_async(...).get()
            Counted one = taskmill.submit("count", Map.of("n", 1_000_000), Counted.class).get(1, TimeUnit.MINUTES);
            System.out.println("count(1000000) -> checksum " + one.checksum());

            // map: results in input order
            List<Map<String, Integer>> inputs = IntStream.rangeClosed(1, 5).mapToObj(i -> Map.of("n", i * 1000)).toList();
            List<JsonNode> results = taskmill.map("count", inputs);
            System.out.println("map over " + results.size() + " inputs, first n = " + results.get(0).get("n"));

            // imap_unordered: as they complete
            taskmill.asCompleted("sleep", List.of(Map.of("ms", 300), Map.of("ms", 10)))
                    .forEach(result -> System.out.println("a sleep task finished"));

            // a remote failure, with the remote details
            try {
                taskmill.submit("sha512", Map.of("path", "/no/such/file")).get(1, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                TaskFailedException failure = (TaskFailedException) e.getCause();
                System.out.println("failed remotely: " + failure.remoteType() + " after " + failure.attempts()
                        + " attempt(s)");
            }
        }
    }
}
