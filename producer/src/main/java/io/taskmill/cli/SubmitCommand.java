package io.taskmill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.taskmill.trace.TaskTracing;
import io.taskmill.client.BatchPublisher;
import io.taskmill.transport.Priority;
import io.taskmill.client.ClientOptions;
import io.taskmill.task.BatchId;
import io.taskmill.task.Callback;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import io.taskmill.client.TaskmillClient;
import io.taskmill.unique.UniqueClaim;
import io.taskmill.unique.UniqueKeys;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.config.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code taskmill submit}: publish a batch, print its id, optionally wait for it. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Publish a batch of tasks (one per payload) and print the batch id.")
final class SubmitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Mixin
    JoinOptions joinOptions;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "Task type, e.g. count, sha512, sleep, noop.")
    String type;

    @ArgGroup(exclusive = true)
    Payloads payloads;

    @Option(names = "--join", description = "Wait for the batch and print its summary.")
    boolean join;

    @Mixin
    ResultsOption results;

    @Option(names = "--batch", paramLabel = "BATCH",
            description = "Publish under this batch id: resumes a submit that died before sealing (same payloads, "
                    + "same order); tasks already published may run twice but count once.")
    String resume;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "0",
            description = "Attempts before a failing task is dead-lettered (default: the task type's, else the consumer's).")
    int maxAttempts;

    @Option(names = "--time-limit", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:TASKMILL_TIME_LIMIT:-10m}",
            description = "How long one attempt of a task may run (env TASKMILL_TIME_LIMIT; default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    @Option(names = "--chunk", paramLabel = "N", defaultValue = "0",
            description = "Tasks per message: each is still a task of its own, counted, retried and reported alone, "
                    + "and a worker hands back the rest of a message whose tasks run past a second. 1 sends a message "
                    + "per task (default: about 64 messages for the batch, at most 100 tasks each).")
    int chunk;

    @Option(names = "--traceparent", paramLabel = "W3C", defaultValue = "${env:TRACEPARENT}",
            description = "Continue this W3C trace (00-<trace id>-<span id>-<flags>; env TRACEPARENT); without it the "
                    + "batch starts a trace of its own. Handlers log the trace id and completion events carry it.")
    String traceparent;

    @ArgGroup(exclusive = true)
    Due due;

    @Option(names = "--priority", paramLabel = "LEVEL", converter = PriorityConverter.class,
            completionCandidates = PriorityConverter.Names.class,
            description = "high, normal (default) or low: workers start the highest priority they hold, and a waiting "
                    + "lower one at least once in every 9 starts. RabbitMQ and mem:// only.")
    Priority priority;

    @Option(names = "--key", paramLabel = "KEY",
            description = "A fair-sharing key (a tenant, a customer): workers share their capacity between the keys "
                    + "that have work, so this batch does not wait behind another key's backlog. RabbitMQ and mem:// only.")
    String key;

    @Option(names = "--unique-key", paramLabel = "KEY",
            description = "Run this one task once for KEY (an order id, a digest): a submission of the key within "
                    + "--unique-for of a first one is not run again; it prints the first one's batch, and --join "
                    + "gives that task's outcome. Two submitted at once agree on which is first.")
    String uniqueKey;

    @Option(names = "--unique-for", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1h",
            description = "How far back --unique-key looks for a first submission of the key: 1s to 7d "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration uniqueFor;

    @Option(names = "--then", paramLabel = "TYPE",
            description = "Once the batch is final, run one task of TYPE given its summary: {\"payload\": "
                    + "--then-payload, \"batch\": {total, succeeded, failed, failures, results}}, fired by the "
                    + "workers with nobody waiting, exactly once (see Workflows in the README).")
    String then;

    @Option(names = "--then-payload", paramLabel = "JSON", description = "The --then task's own payload.")
    String thenPayload;

    @Option(names = "--then-on-failure", paramLabel = "POLICY", defaultValue = "stop",
            description = "stop (default): the --then task does not run when a task of the batch failed; continue: "
                    + "it runs, the failures in its summary.")
    String thenOnFailure;

    private final Clock clock = Clock.systemUTC();

    /** When the batch's tasks may start: after a delay, or at a time; at once without either. */
    static final class Due {
        @Option(names = "--delay", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Start the tasks no earlier than this from now (e.g. 10m, 2h, 3d); the broker holds them.")
        Duration delay;

        @Option(names = "--at", paramLabel = "TIME", converter = InstantConverter.class,
                description = "Start the tasks no earlier than this ISO-8601 time (2026-12-01T10:00Z, or with an offset). "
                        + "A time up to 5 minutes past runs at once; one further back is refused (a wrong zone or date).")
        Instant at;

        /** How far in the past --at may be: clocks and scripts that run a little late, not a wrong zone or date. */
        static final Duration PAST_TOLERANCE = Duration.ofMinutes(5);

        Instant instant(Instant now) {
            if (at != null && at.isBefore(now.minus(PAST_TOLERANCE))) {
                throw new IllegalArgumentException("--at " + at + " is " + Duration.between(at, now).toMinutes()
                        + " minutes in the past: give a time to come (check its zone), or leave --at out to start now");
            }
            return at != null ? at : now.plus(delay);
        }
    }

    static final class Payloads {
        @Option(names = "--payload", paramLabel = "JSON", description = "One task with this payload.")
        String single;

        @Option(names = "--payloads", paramLabel = "FILE|-", description = "One task per JSON line of FILE, or of stdin with -.")
        String lines;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (chunk < 0) {
            throw new IllegalArgumentException("--chunk must be 1 or more (0 or leaving it out: the default)");
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("--max-attempts must be 1 or more (0 or leaving it out: the default)");
        }
        if (results.given() && !join) {
            throw new IllegalArgumentException("--results needs --join: the outcomes are written while the batch is "
                    + "joined (or join it later with taskmill join BATCH --results FILE)");
        }
        // Before anything is opened: a refused time or key must leave no batch behind.
        Instant dueAt = due == null ? null : due.instant(clock.instant());
        if (thenPayload != null && then == null) {
            throw new IllegalArgumentException("--then-payload needs --then TYPE");
        }
        if (uniqueKey != null) {
            UniqueKeys.requireValid(uniqueKey, uniqueFor);
            if (resume != null) {
                throw new IllegalArgumentException("--unique-key opens a batch of its own: it cannot resume --batch "
                        + resume);
            }
        }
        // Without --join the tasks must outlive this process, so they need a broker that others reach;
        // with it, an in-JVM broker (given, or the default) runs them here.
        ClientOptions base = join ? broker.remoteOrEmbedded() : broker.remote();
        ClientOptions options = new ClientOptions(base.broker(), base.topology(), base.queue(), base.embeddedWorkers(),
                timeLimit, base.signing());
        TaskCodec codec = new TaskCodec(options.signing());
        Callback thenStep = then == null ? null : callback(codec, options.queue());
        PayloadReader reader = new PayloadReader(codec.mapper(), payloadBudget(codec));
        String singleText = payloads != null && payloads.single != null ? payloads.single : "{}";
        try (PayloadReader.Checked lines = payloads != null && payloads.lines != null
                ? oneIfUnique(reader.check(payloads.lines)) : null;
             TaskmillClient client = CliClient.connect(options, err())) {
            JsonNode single = lines == null ? reader.parseOne(singleText, "--payload") : null;
            long count = lines == null ? 1 : lines.count();
            BatchPublisher batch;
            UniqueClaim claim = null;
            try (Scope ignored = (traceparent == null || traceparent.isBlank() ? Context.root()
                    : TaskTracing.parse(traceparent)).makeCurrent()) {
                if (uniqueKey != null) {
                    TaskmillClient.UniqueBatch unique = client.openUnique(uniqueKey, uniqueFor);
                    claim = unique.claim();
                    batch = unique.batch();
                } else {
                    batch = resume == null ? client.openBatch() : client.resumeBatch(resume);
                }
            }
            if (batch == null) {
                return submittedBefore(client, claim);
            }
            batch.priority(priority).key(key);
            if (dueAt != null) {
                batch.notBefore(dueAt);
            }
            if (!joinOptions.quiet) {
                err().println("taskmill: batch " + batch.id() + ": publishing " + Counted.tasks(count) + " (trace "
                        + batch.traceId() + ")");
            }
            // Ids follow the payloads' order whatever goes to a message, so a resumed submit (--batch) gives
            // every task the id it had.
            int perMessage = chunk == 0 ? client.perMessage(type, count) : chunk;
            // Characters, not bytes, are counted: a quarter of the limit fits even when every one takes three.
            ChunkPacker packer = new ChunkPacker(perMessage, client.codec().maxBytes() / 4,
                    chunkOf -> batch.submitChunk(type, chunkOf, maxAttempts));
            if (lines == null) {
                packer.add(single, singleText.length());
            } else {
                reader.forEach(lines, payload -> packer.add(payload.json(), payload.chars()));
            }
            packer.flush();
            if (thenStep != null) {
                batch.then(thenStep);
            }
            batch.seal();
            return printAndJoin(client, batch.id(), count, claim);
        }
    }

    /** The --then step, as the options say: built, and so checked, before anything connects. */
    private Callback callback(TaskCodec codec, String queue) {
        Callback.OnFailure policy = switch (thenOnFailure) {
            case "stop" -> Callback.OnFailure.STOP;
            case "continue" -> Callback.OnFailure.CONTINUE;
            default -> throw new IllegalArgumentException("--then-on-failure is stop or continue, was '"
                    + thenOnFailure + "'");
        };
        JsonNode payload = thenPayload == null ? null : new PayloadReader(codec.mapper(), codec.maxBytes() / 2)
                .parseOne(thenPayload, "--then-payload");
        return new Callback(then, payload, queue, Callback.Input.SUMMARY, policy, null);
    }

    /** Lines for one task when a unique key names it: refused before anything connects. */
    private PayloadReader.Checked oneIfUnique(PayloadReader.Checked lines) {
        if (uniqueKey != null && lines.count() != 1) {
            lines.close();
            throw new IllegalArgumentException("--unique-key names one task, and " + payloads.lines + " holds "
                    + Counted.tasks(lines.count()) + ": submit each with a key of its own");
        }
        return lines;
    }

    /** Another submission of the key is first: nothing is published, and its batch stands for this one. */
    private int submittedBefore(TaskmillClient client, UniqueClaim claim) throws InterruptedException {
        if (!joinOptions.quiet) {
            err().println("taskmill: unique key '" + claim.key() + "' is held by task " + claim.task() + " (submitted "
                    + claim.since() + ", within " + Durations.format(uniqueFor) + "): not submitted again"
                    + (join ? "; joining its batch" : ""));
        }
        return printAndJoin(client, claim.batch(), 1, claim);
    }

    private int printAndJoin(TaskmillClient client, String batch, long count, UniqueClaim claim)
            throws InterruptedException {
        if (joinOptions.json && !join) {
            ObjectNode json = JsonOutput.object().put("batch", batch).put("tasks", count);
            if (claim != null) {
                json.putObject("unique").put("key", claim.key()).put("task", claim.task())
                        .put("since", claim.since().toString()).put("first", claim.first());
            }
            JsonOutput.print(out(), json);
        } else if (!joinOptions.json) {
            // With --json the summary names the batch: the output stays one object.
            out().println(batch);
        }
        out().flush();
        if (!join) {
            return ExitCodes.OK;
        }
        BatchReporter reporter = new BatchReporter(joinOptions, err());
        JoinSummary summary = results.join(reporter, client, batch, out());
        reporter.print(summary, out());
        return summary.exitCode();
    }

    /**
     * What a payload may encode to: the message limit less a task's envelope around an empty
     * payload, with the largest id, every header this submit may set and the one a retry adds,
     * so a payload within it is never refused at publish or at a retry's re-publish.
     */
    private long payloadBudget(TaskCodec codec) {
        String traceparent = "00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01";
        Map<String, String> headers = new HashMap<>(Map.of(TaskTracing.TRACEPARENT, traceparent,
                TaskTracing.FIRST_ATTEMPT, traceparent,
                TaskEnvelope.NOT_BEFORE, Long.toString(Long.MAX_VALUE)));
        if (priority != null) {
            headers.put(TaskEnvelope.PRIORITY, priority.label());
        }
        if (key != null) {
            headers.put(TaskEnvelope.KEY, key);
        }
        String batch = resume != null ? BatchId.requireValid(resume) : BatchId.create(clock.instant());
        TaskEnvelope empty = TaskEnvelope.create(new TaskId(batch, Long.MAX_VALUE), type,
                        JsonNodeFactory.instance.objectNode(), timeLimit.toMillis(), Long.MAX_VALUE)
                .withMaxAttempts(Integer.MAX_VALUE).withHeaders(headers);
        return codec.maxBytes() - (codec.encode(empty).length - "{}".length());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
