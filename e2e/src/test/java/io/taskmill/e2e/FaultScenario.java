package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One scenario of the fault suite: a deployment on the fault broker whose consumers load
 * the fault task types and log every execution, plus the steps every scenario shares.
 */
final class FaultScenario implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Deployment deployment;
    private final Path plugins;
    private final Path executionLog;
    private final long started = System.nanoTime();
    private final List<ConsumerProcess> fleet = new ArrayList<>();
    /** Batches submitted with a callback, which each must run exactly once. */
    private final Set<String> withCallback = new HashSet<>();
    /** Whether the row struck the broker, which may take back a delivery whose ack it had not yet taken. */
    private boolean brokerStruck;

    FaultScenario(String name, String broker, Path plugins) throws IOException {
        this.name = name;
        this.deployment = new Deployment("fault-" + name, broker);
        this.plugins = plugins;
        Files.createDirectories(deployment.logDir());
        this.executionLog = deployment.logDir().resolve("executions.log");
    }

    Deployment deployment() {
        return deployment;
    }

    /** Strikes the broker: from then on any task, the callback's too, may run once more wherever it ran. */
    void strike(FaultScenarios.BrokerFault fault) throws Exception {
        brokerStruck = true;
        fault.inflict();
    }

    /**
     * A new batch, which no broker fault has struck yet: the soak strikes each of its batches anew, and a
     * callback settled in an earlier batch is not this one's.
     */
    void calm() {
        brokerStruck = false;
    }

    ConsumerProcess consumer(String... extra) throws IOException {
        return consumer(Map.of(), extra);
    }

    ConsumerProcess consumer(Map<String, String> env, String... extra) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("TASKMILL_FAULT_LOG", executionLog.toString());
        List<String> args = new ArrayList<>(List.of("--plugins", plugins.toString()));
        if (!List.of(extra).contains("--concurrency")) {
            args.addAll(List.of("--concurrency", "4"));
        }
        args.addAll(List.of(extra));
        ConsumerProcess consumer = deployment.startConsumer("consumer-" + (fleet.size() + 1), all,
                args.toArray(String[]::new));
        fleet.add(consumer);
        return consumer;
    }

    Path payloads(String json, int count) throws IOException {
        Path file = deployment.logDir().resolve("payloads-" + count + ".jsonl");
        Files.write(file, Collections.nCopies(count, json));
        return file;
    }

    /** Submits {@code count} tasks and returns the batch id. */
    String submit(String type, String json, int count, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit", "--type", type, "--payloads",
                payloads(json, count).toString()));
        args.addAll(List.of(extra));
        // Every batch has a callback given its summary: the suite's faults must not lose it nor fire it twice.
        args.addAll(List.of("--then", "tally", "--then-on-failure", "continue"));
        CliProcess.Result submit = deployment.cli("submit-" + type, Duration.ofMinutes(3), args.toArray(String[]::new));
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String batch = submit.out().strip();
        withCallback.add(batch);
        return batch;
    }

    Process startJoin(String batch, String label) throws IOException {
        return deployment.startCli(label, "join", batch, "--results",
                deployment.logDir().resolve(label + ".results").toString(), "--json", "--timeout", "4m");
    }

    /** Starts a join and waits until it is connected and reading: its results file exists. */
    Process startJoinAndWait(String batch, String label) throws IOException {
        Process join = startJoin(batch, label);
        Path results = deployment.logDir().resolve(label + ".results");
        await().atMost(Duration.ofMinutes(1)).until(() -> Files.exists(results) || !join.isAlive());
        return join;
    }

    long executions() throws IOException {
        if (!Files.exists(executionLog)) {
            return 0;
        }
        try (var lines = Files.lines(executionLog)) {
            return lines.count();
        }
    }

    void awaitExecutions(long atLeast) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> executions() >= atLeast);
    }

    /** Waits for the join, checks lost = 0, and returns the table row. */
    FaultRow finish(Process join, String label, String batch, String... cliFlags) throws Exception {
        assertThat(join.waitFor(5, TimeUnit.MINUTES)).as("join ended").isTrue();
        JsonNode summary = JSON.readTree(Files.readString(deployment.logDir().resolve(label + ".out")));
        if (!summary.has("timedOut")) {
            // A join that ended on an error prints no summary: its exit code and its own words are the row's answer.
            throw new AssertionError(name + ": the join printed no summary (exit " + join.exitValue() + "): "
                    + Files.readString(deployment.logDir().resolve(label + ".err")));
        }
        if (summary.get("timedOut").asBoolean()) {
            throw new AssertionError("join timed out: " + summary + "\n" + whyMissing(summary, label));
        }
        List<String> dead = deadLetterIds(cliFlags);
        FaultOracle oracle = FaultOracle.evaluate(batch, summary.get("total").asLong(),
                deployment.logDir().resolve(label + ".results"), dead, executionLog);
        assertThat(oracle.lost()).as(name + ": lost tasks, oracle " + oracle).isZero();
        assertThat(oracle.completed() + oracle.deadLettered()).isEqualTo(oracle.confirmed());
        if (withCallback.contains(batch)) {
            assertCallbackRanOnce(batch, summary);
        }
        return new FaultRow(name, oracle.confirmed(), oracle.lost(), oracle.duplicates(), dead.size(),
                (System.nanoTime() - started) / 1e9, summary, oracle);
    }

    /**
     * The batch's callback ran once, given the counts the join saw: joined in this process as
     * a user's application would, its execution counted in the workers' own log.
     */
    private void assertCallbackRanOnce(String batch, JsonNode summary) throws Exception {
        Map<String, JsonNode> results = new java.util.concurrent.ConcurrentHashMap<>();
        List<io.taskmill.client.WorkflowJoin.Step> steps;
        try (io.taskmill.client.TaskmillClient client = io.taskmill.client.TaskmillClient.connect(
                io.taskmill.client.ClientOptions.remote(io.taskmill.transport.BrokerAddress.parse(deployment.broker()),
                        deployment.topology(), "default"))) {
            steps = client.joinWorkflow(batch, Duration.ofMinutes(3), Duration.ofMinutes(3), progress -> { },
                    completion -> results.put(completion.id(), completion.result()));
        }
        assertThat(steps).as(name + ": the batch and its callback").hasSize(2);
        String callback = steps.get(1).summary().batch() + ":0";
        assertThat(steps.get(1).summary().succeeded()).as(name + ": the callback succeeded").isEqualTo(1);
        JsonNode counts = results.get(callback);
        assertThat(counts).as(name + ": the callback's result").isNotNull();
        assertThat(counts.get("total").asLong()).isEqualTo(summary.get("total").asLong());
        assertThat(counts.get("succeeded").asLong()).isEqualTo(summary.get("succeeded").asLong());
        assertThat(counts.get("failed").asLong()).isEqualTo(summary.get("failed").asLong());
        List<String> runners;
        try (var lines = Files.lines(executionLog)) {
            runners = lines.filter(line -> line.startsWith(callback + " ")).map(line -> line.split(" ")[1]).toList();
        }
        // Fired once, and run as every task is: again where a worker killed with -9 ran it and died before its
        // outcome was durable, and once more where the broker, struck, took back a delivery before its ack (a
        // graceful restart right after the callback ran). Any other further run is a second firing.
        Set<String> killed = killedWorkers();
        assertThat(runners).as(name + ": executions of the callback").isNotEmpty();
        assertThat(runners.stream().filter(worker -> !killed.contains(worker)).count())
                .as(name + ": executions of the callback by workers not killed, of " + runners + " (killed: "
                        + killed + ", the broker struck: " + brokerStruck + ")")
                .isLessThanOrEqualTo(brokerStruck ? 2 : 1);
    }

    private Set<String> killedWorkers() throws IOException {
        Set<String> killed = new HashSet<>();
        for (ConsumerProcess consumer : fleet) {
            if (consumer.killed()) {
                killed.add(consumer.workerId());
            }
        }
        return killed;
    }

    /**
     * What CI shows of a join that timed out, to tell a task never run from one run and never
     * reported: who ran the first missing tasks, what the processes last warned of, and what a
     * join started afresh reads of the log (the tasks not reported, or a reader that missed them).
     */
    private String whyMissing(JsonNode summary, String label) throws Exception {
        StringBuilder why = new StringBuilder();
        CliProcess.Result again = deployment.cli(label + "-afresh", Duration.ofMinutes(2), "join",
                summary.get("batch").asText(), "--timeout", "30s", "--json", "--quiet");
        why.append("a join afresh: ").append(again.out().strip()).append(again.err().strip()).append('\n');
        CliProcess.Result status = deployment.cli(label + "-status", Duration.ofMinutes(1), "status", "--json");
        why.append("status: ").append(status.out().strip()).append('\n');
        List<String> executions = Files.exists(executionLog) ? Files.readAllLines(executionLog) : List.of();
        for (JsonNode id : summary.withArray("missingIds")) {
            List<String> runs = executions.stream().filter(line -> line.startsWith(id.asText() + " ")).toList();
            why.append(id.asText()).append(" ran: ").append(runs.isEmpty() ? "never" : runs).append('\n');
        }
        for (ConsumerProcess consumer : fleet) {
            if (consumer.alive()) {
                // What a consumer that holds the missing tasks is doing, for whoever reads the logs of a failed run.
                Path dump = deployment.logDir().resolve("threads-" + consumer.pid() + ".txt");
                String threads = consumer.threads();
                Files.writeString(dump, threads);
                why.append("threads of ").append(consumer.workerId()).append(" not idle (all in ").append(dump)
                        .append("):\n").append(ThreadDump.busy(threads));
            }
        }
        try (var logs = Files.list(deployment.logDir())) {
            for (Path log : logs.filter(file -> file.getFileName().toString().startsWith("consumer-")
                    || file.getFileName().toString().equals(label + ".err")).sorted().toList()) {
                List<String> warnings = Files.readAllLines(log).stream()
                        .filter(line -> line.contains("WARN") || line.contains("ERROR") || line.contains("lost")).toList();
                why.append(log.getFileName()).append(": ").append(warnings.size()).append(" warnings, the last: ")
                        .append(warnings.subList(Math.max(0, warnings.size() - 6), warnings.size())).append('\n');
            }
        }
        return why.toString();
    }

    /** Every message in the dead-letter queue, by task id (null for one without). */
    List<String> deadLetterIds(String... cliFlags) throws Exception {
        List<String> args = new ArrayList<>(List.of("dlq", "list", "--json", "--limit", "100000"));
        args.addAll(List.of(cliFlags));
        CliProcess.Result list = deployment.cli("dlq-list", Duration.ofMinutes(1), args.toArray(String[]::new));
        assertThat(list.exitCode()).as(list.err()).isZero();
        List<String> ids = new ArrayList<>();
        for (String line : list.out().lines().toList()) {
            JsonNode entry = JSON.readTree(line);
            ids.add(entry.get("id").isNull() ? null : entry.get("id").asText());
        }
        return ids;
    }

    List<JsonNode> deadLetters(String... cliFlags) throws Exception {
        List<String> args = new ArrayList<>(List.of("dlq", "list", "--json", "--limit", "100000"));
        args.addAll(List.of(cliFlags));
        CliProcess.Result list = deployment.cli("dlq-list-full", Duration.ofMinutes(1), args.toArray(String[]::new));
        List<JsonNode> entries = new ArrayList<>();
        for (String line : list.out().lines().toList()) {
            entries.add(JSON.readTree(line));
        }
        return entries;
    }

    @Override
    public void close() throws Exception {
        deployment.close();
    }

    /** A row of the fault table. */
    record FaultRow(String scenario, long tasks, long lost, long duplicates, long deadLettered, double seconds,
                    JsonNode summary, FaultOracle oracle) {

        String markdown() {
            return String.format("| %s | %d | %d | %d | %d | %.1f |", scenario, tasks, lost, duplicates, deadLettered,
                    seconds);
        }
    }
}
