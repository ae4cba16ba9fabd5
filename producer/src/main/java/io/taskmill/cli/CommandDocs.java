package io.taskmill.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Each command's exit status and examples, in one place, for its {@code --help} and its man
 * page alike: a command returns only the codes listed here for it.
 */
final class CommandDocs {

    private static final String BAD_INPUT = "64:bad input (an unknown option, a bad URI, duration or JSON line)";
    private static final String UNAVAILABLE = "69:the broker is unreachable or refused, or a log was lost for longer "
            + "than the recovery timeout";
    private static final String INTERNAL = "70:an internal error";
    /** A command of commands: run alone it only says which it has. */
    private static final List<String> GROUP = List.of("0:done (each command's page lists its own codes)",
            "64:no command given, or bad input");
    private static final List<String> ANSWERS = List.of("0:done", BAD_INPUT, UNAVAILABLE, INTERNAL);
    private static final List<String> JOINS = List.of("0:every task succeeded", "1:some task failed",
            "2:the join timed out (the summary lists what is missing)", "3:the batch was cancelled", BAD_INPUT,
            UNAVAILABLE, INTERNAL, "74:an output could not be written whole (a full disk, a closed pipe)");

    private record Doc(List<String> exits, List<String> examples) {
    }

    private static final Map<String, Doc> DOCS = new LinkedHashMap<>();

    static {
        DOCS.put("taskmill", new Doc(GROUP,
                List.of("taskmill digest /usr/share/doc --output /tmp/doc.sha512",
                        "TASKMILL_BROKER=amqp://guest@localhost:5672 taskmill submit --type count --payloads "
                                + "tasks.jsonl --join", "taskmill help submit")));
        DOCS.put("submit", new Doc(with(JOINS, "0:every task succeeded (without --join: every task was published)"),
                List.of("taskmill submit --type count --payload '{\"n\": 1000000}' --join",
                        "taskmill submit --type sha512 --payloads paths.jsonl --join --results out.jsonl",
                        "B=$(taskmill submit --type sleep --payloads - --quiet < sleeps.jsonl); taskmill join \"$B\"")));
        DOCS.put("join", new Doc(with(JOINS, "4:the batch is older than what the event log still holds",
                "66:no such batch, or one never sealed whose producer is gone"), List.of("taskmill join mx9khr6z-1dzt5o6l",
                "taskmill join \"$B\" --timeout 10m --results - --json | jq -c .")));
        DOCS.put("digest", new Doc(JOINS, List.of("taskmill digest /usr/share/doc --output /tmp/doc.sha512 && "
                + "sha512sum -c --quiet /tmp/doc.sha512", "taskmill digest ~/photos --broker amqp://guest@mq:5672 > "
                + "photos.sha512")));
        DOCS.put("count", new Doc(JOINS, List.of("taskmill count", "taskmill count --tasks 6000 --n 1250000 --json")));
        DOCS.put("status", new Doc(ANSWERS, List.of("taskmill status", "taskmill status --queue reports --json")));
        DOCS.put("workers", new Doc(ANSWERS, List.of("taskmill workers", "taskmill workers --json | jq .busy")));
        DOCS.put("dashboard", new Doc(List.of("0:stopped (Ctrl-C)", BAD_INPUT, UNAVAILABLE, INTERNAL),
                List.of("taskmill dashboard", "taskmill dashboard --host 0.0.0.0 --allow-host tasks.example.com "
                        + "--token-file ~/.taskmill-token")));
        DOCS.put("dlq", new Doc(GROUP, List.of("taskmill dlq list", "taskmill dlq replay --batch B")));
        DOCS.put("dlq list", new Doc(ANSWERS, List.of("taskmill dlq list", "taskmill dlq list --batch B --json")));
        DOCS.put("dlq replay", new Doc(with(ANSWERS, "66:no dead letter matches --batch or --id"),
                List.of("taskmill dlq replay --id mx9khr6z-1dzt5o6l:3", "taskmill dlq replay --batch B")));
        DOCS.put("dlq purge", new Doc(with(ANSWERS, "0:done, or declined at the question"),
                List.of("taskmill dlq purge", "taskmill dlq purge --yes --json")));
        DOCS.put("cancel", new Doc(with(ANSWERS, "66:no producer opened that batch"),
                List.of("taskmill cancel mx9khr6z-1dzt5o6l")));
        DOCS.put("run", new Doc(with(JOINS, "0:every step succeeded (without --join: the first step was published)",
                "1:a task failed, or a step stopped the workflow (stderr says why)",
                "66:a step's batch was never sealed, its producer gone"),
                List.of("taskmill run pipeline.json --join", "W=$(taskmill run fan-out.json); taskmill join \"$W\"")));
        DOCS.put("workflow", new Doc(GROUP, List.of("taskmill workflow show mx9khr6z-1dzt5o6l")));
        DOCS.put("workflow show", new Doc(with(ANSWERS, "66:no producer opened that batch"),
                List.of("taskmill workflow show mx9khr6z-1dzt5o6l", "taskmill workflow show \"$W\" --json | jq .steps")));
        DOCS.put("schedule", new Doc(GROUP, List.of("taskmill schedule list")));
        DOCS.put("schedule add", new Doc(ANSWERS, List.of("taskmill schedule add nightly --cron '0 3 * * *' --zone "
                + "Europe/Paris --type report --payload '{\"kind\": \"daily\"}'")));
        DOCS.put("schedule list", new Doc(ANSWERS, List.of("taskmill schedule list", "taskmill schedule list --json")));
        DOCS.put("schedule remove", new Doc(with(ANSWERS, "66:no schedule of that name"),
                List.of("taskmill schedule remove nightly")));
        DOCS.put("schedule history", new Doc(with(ANSWERS, "66:no schedule of that name"),
                List.of("taskmill schedule history nightly")));
        DOCS.put("queue", new Doc(GROUP, List.of("taskmill queue delete --queue reports")));
        DOCS.put("queue delete", new Doc(with(ANSWERS, "0:done, or declined at the question",
                "66:nothing of that queue on the broker"), List.of("taskmill queue delete --queue reports")));
        DOCS.put("deployment", new Doc(GROUP, List.of("taskmill deployment delete --prefix staging")));
        DOCS.put("deployment delete", new Doc(with(ANSWERS, "0:done, or declined at the question",
                "66:nothing of that deployment on the broker"),
                List.of("taskmill deployment delete --prefix staging", "taskmill deployment delete --yes --json")));
    }

    private CommandDocs() {
    }

    /** Sets each command's exit status and examples, as its help and man page show them. */
    static void apply(CommandLine command) {
        String name = command.getCommandSpec().qualifiedName(" ").replaceFirst("^taskmill ", "");
        Doc doc = DOCS.get(name);
        if (doc != null) {
            Map<String, String> exits = new LinkedHashMap<>();
            doc.exits().forEach(line -> exits.put(line.substring(0, line.indexOf(':')),
                    line.substring(line.indexOf(':') + 1)));
            UsageMessageSpec usage = command.getCommandSpec().usageMessage();
            usage.exitCodeListHeading("%nExit status:%n").exitCodeList(exits)
                    .footerHeading("%nExamples:%n").footer(doc.examples().stream().map(line -> "  " + line)
                            .toArray(String[]::new));
        }
        command.getSubcommands().values().forEach(CommandDocs::apply);
    }

    /** Whether a command has its exit status and examples here. */
    static boolean documents(String qualifiedName) {
        return DOCS.containsKey(qualifiedName);
    }

    /** {@code base} with these codes added, or put in place of the same code. */
    private static List<String> with(List<String> base, String... lines) {
        Map<String, String> byCode = new java.util.TreeMap<>(java.util.Comparator.comparingInt(Integer::parseInt));
        for (String line : base) {
            byCode.put(line.substring(0, line.indexOf(':')), line);
        }
        for (String line : lines) {
            byCode.put(line.substring(0, line.indexOf(':')), line);
        }
        return List.copyOf(byCode.values());
    }
}
