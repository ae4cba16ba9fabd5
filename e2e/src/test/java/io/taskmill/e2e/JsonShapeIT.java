package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.cli.TaskmillMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command's {@code --json}, run the README's way on a deployment with a consumer, has
 * the one shape: one object for what a command did or saw, one object a line for what it
 * lists; camelCase keys, numbers as numbers.
 */
class JsonShapeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN = Duration.ofMinutes(1);
    /** Commands without --json, and why. */
    private static final Map<String, String> WITHOUT_JSON = Map.of(
            "dashboard", "a server: its JSON is its HTTP API",
            "help", "prints help");
    private static final Set<String> LISTINGS = Set.of("workers", "dlq list", "schedule list", "schedule history");
    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][A-Za-z0-9]*");
    private static final Pattern NUMBER_AS_TEXT = Pattern.compile("-?\\d+(\\.\\d+)?");

    private final Set<String> checked = new TreeSet<>();

    @Test
    void everyCommandsJsonHasTheOneShape(@TempDir Path dir) throws Exception {
        try (Deployment deployment = new Deployment("json-shape")) {
            deployment.startConsumer("scheduler", "--scheduler", "--concurrency", "2");
            Path tree = Files.createDirectories(dir.resolve("tree"));
            Files.writeString(tree.resolve("a.txt"), "a");

            String batch = object(deployment, "submit", 0, "submit", "--type", "noop", "--payload", "{}")
                    .get("batch").asText();
            assertThat(object(deployment, "join", 0, "join", batch, "--quiet").get("succeeded").asInt()).isEqualTo(1);
            JsonNode unique = object(deployment, "submit", 0, "submit", "--type", "noop", "--payload", "{}",
                    "--unique-key", "shape");
            assertThat(unique.at("/unique/first").isBoolean()).as(unique.toString()).isTrue();
            assertThat(unique.at("/unique/since").isTextual()).as(unique.toString()).isTrue();
            JsonNode failed = object(deployment, "submit", 1, "submit", "--type", "sha512", "--payload",
                    "{\"path\": \"" + dir.resolve("missing") + "\"}", "--join", "--quiet");
            assertThat(failed.get("failures").get(0).get("attempts").isInt()).isTrue();
            object(deployment, "count", 0, "count", "--tasks", "2", "--n", "1000", "--quiet");
            object(deployment, "digest", 0, "digest", tree.toString(), "--output", dir.resolve("sums").toString(),
                    "--quiet");
            // The letter and the failure's report are published together: the report may be read first.
            await().atMost(RUN).until(() -> object(deployment, "status", 0, "status").get("deadLettered").asInt() == 1);
            await().atMost(RUN).until(() -> lines(deployment, "workers", "workers").size() == 1);

            List<JsonNode> dead = lines(deployment, "dlq list", "dlq", "list");
            assertThat(dead).singleElement().satisfies(letter -> assertThat(letter.get("attempts").isInt()).isTrue());
            assertThat(object(deployment, "dlq replay", 0, "dlq", "replay", "--id", dead.get(0).get("id").asText())
                    .get("replayed").asInt()).isEqualTo(1);
            await().atMost(RUN).until(() -> object(deployment, "status", 0, "status").get("deadLettered").asInt() == 1);
            assertThat(object(deployment, "dlq purge", 0, "dlq", "purge").get("purged").asLong()).isEqualTo(1);

            Path workflow = Files.writeString(dir.resolve("workflow.json"), "{\"steps\": [{\"type\": \"noop\"}, "
                    + "{\"type\": \"noop\", \"input\": \"summary\"}]}");
            String started = object(deployment, "run", 0, "run", workflow.toString()).get("workflow").asText();
            assertThat(object(deployment, "run", 0, "run", workflow.toString(), "--join", "--quiet").get("steps"))
                    .hasSize(2);
            assertThat(object(deployment, "workflow show", 0, "workflow", "show", started).get("steps")).isNotEmpty();

            String sleeping = object(deployment, "submit", 0, "submit", "--type", "sleep", "--payload",
                    "{\"ms\": 60000}").get("batch").asText();
            assertThat(object(deployment, "cancel", 0, "cancel", sleeping).get("cancelled").asText())
                    .isEqualTo(sleeping);

            assertThat(object(deployment, "schedule add", 0, "schedule", "add", "each-second", "--cron",
                    "* * * * * *", "--type", "noop").get("next").isTextual()).isTrue();
            await().atMost(RUN).until(() -> !lines(deployment, "schedule history", "schedule", "history",
                    "each-second").isEmpty());
            assertThat(lines(deployment, "schedule list", "schedule", "list")).singleElement()
                    .satisfies(schedule -> assertThat(schedule.get("lastBatch").isTextual()).isTrue());
            object(deployment, "schedule remove", 0, "schedule", "remove", "each-second");

            object(deployment, "submit", 0, "submit", "--type", "noop", "--payload", "{}", "--queue", "spare");
            assertThat(object(deployment, "queue delete", 0, "queue", "delete", "--queue", "spare").get("deleted"))
                    .isNotEmpty();
            assertThat(object(deployment, "deployment delete", 0, "deployment", "delete").get("deleted").get(0)
                    .get("kind").isTextual()).isTrue();
        }
        assertThat(checked).as("every command with --json was run").isEqualTo(commandsWithJson());
    }

    /** The command tree of the CLI, as its help and man pages have it. */
    private static Set<String> commandsWithJson() throws Exception {
        // Package-private in the CLI: it is no API, and this test is the only other reader.
        var tree = TaskmillMain.class.getDeclaredMethod("commandLine");
        tree.setAccessible(true);
        Set<String> withJson = new TreeSet<>();
        walk((CommandLine) tree.invoke(null), withJson);
        return withJson;
    }

    private static void walk(CommandLine command, Set<String> withJson) {
        for (CommandLine sub : command.getSubcommands().values()) {
            String name = sub.getCommandSpec().qualifiedName(" ").replaceFirst("^taskmill ", "");
            if (!sub.getSubcommands().isEmpty()) {
                walk(sub, withJson);
            } else if (sub.getCommandSpec().findOption("--json") != null) {
                withJson.add(name);
            } else {
                assertThat(WITHOUT_JSON).as("%s has no --json: say why", name).containsKey(name);
            }
        }
    }

    private JsonNode object(Deployment deployment, String command, int exitCode, String... args) throws Exception {
        List<String> out = run(deployment, command, exitCode, args);
        assertThat(LISTINGS).doesNotContain(command);
        assertThat(out).as("%s prints one object", command).hasSize(1);
        return checked(command, out.get(0));
    }

    private List<JsonNode> lines(Deployment deployment, String command, String... args) throws Exception {
        assertThat(LISTINGS).contains(command);
        List<JsonNode> objects = new ArrayList<>();
        for (String line : run(deployment, command, 0, args)) {
            objects.add(checked(command, line));
        }
        return objects;
    }

    private List<String> run(Deployment deployment, String command, int exitCode, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        CliProcess.Result result = deployment.cli(command.replace(' ', '-'), RUN, all.toArray(String[]::new));
        assertThat(result.exitCode()).as("%s: %s", command, result.err()).isEqualTo(exitCode);
        checked.add(command);
        return result.out().lines().toList();
    }

    private static JsonNode checked(String command, String line) throws Exception {
        JsonNode node = JSON.readTree(line);
        assertThat(node.isObject()).as("%s: %s", command, line).isTrue();
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            assertThat(keys.next()).as("%s: a key of %s", command, line).matches(CAMEL_CASE);
        }
        noNumberAsText(command, node);
        return node;
    }

    private static void noNumberAsText(String command, JsonNode node) {
        if (node.isTextual()) {
            assertThat(node.asText()).as("%s: a number written as text", command).doesNotMatch(NUMBER_AS_TEXT);
        }
        node.elements().forEachRemaining(child -> noNumberAsText(command, child));
    }
}
