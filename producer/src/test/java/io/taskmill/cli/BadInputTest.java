package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input: one line saying what is wrong, a non-zero exit, nothing published. */
class BadInputTest {

    @TempDir
    Path dir;

    private static void assertOneLineError(CliRun run, int exitCode, String mentions) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.err().strip()).startsWith("taskmill: ").contains(mentions).doesNotContain("\n")
                .doesNotContain("Exception");
    }

    @Test
    void aMissingDirectory() {
        assertOneLineError(CliRun.of("digest", dir.resolve("nope").toString()), ExitCodes.BAD_INPUT,
                "no such directory");
    }

    @Test
    void aFileWhereADirectoryIsWanted() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("one.txt"), "one");
        assertOneLineError(CliRun.of("digest", file.toString()), ExitCodes.BAD_INPUT,
                "not a directory: " + file + " (digest hashes every file under a directory; for one file, use "
                        + "sha512sum)");
    }

    @Test
    void anUnknownOption() {
        assertOneLineError(CliRun.of("digest", "--frobnicate", dir.toString()), ExitCodes.BAD_INPUT,
                "Unknown option: '--frobnicate'");
    }

    @Test
    void aMistypedOptionOrCommandGetsASuggestion() {
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--chunck", "4"), ExitCodes.BAD_INPUT,
                "did you mean --chunk?");
        assertOneLineError(CliRun.of("dgest", dir.toString()), ExitCodes.BAD_INPUT, "did you mean digest");
    }

    @Test
    void aBadDueTime() {
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--payload", "{}", "--at", "tomorrow"),
                ExitCodes.BAD_INPUT, "not an ISO-8601 time with a zone: 'tomorrow'");
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--payload", "{}", "--delay", "1m", "--at",
                "2026-12-01T10:00Z"), ExitCodes.BAD_INPUT, "mutually exclusive");
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--payload", "{}", "--delay", "-5m"),
                ExitCodes.BAD_INPUT, "--delay");
        CliRun past = CliRun.of("submit", "--type", "noop", "--payload", "{}", "--broker", "mem://bad-input", "--join",
                "--at", java.time.Instant.now().minus(java.time.Duration.ofHours(3)).toString());
        assertOneLineError(past, ExitCodes.BAD_INPUT, "minutes in the past: give a time to come (check its zone)");
        assertThat(past.err()).doesNotContain("publishing");
    }

    @Test
    void aUniqueKeyForMoreThanOneTaskOrBeyondItsLogIsRefusedBeforeAnythingIsPublished() throws Exception {
        java.nio.file.Path two = java.nio.file.Files.writeString(dir.resolve("two.jsonl"), "{}\n{}\n");
        CliRun lines = CliRun.of("submit", "--type", "noop", "--payloads", two.toString(), "--unique-key", "k",
                "--broker", "mem://bad-input", "--join");
        assertOneLineError(lines, ExitCodes.BAD_INPUT, "--unique-key names one task, and " + two + " holds 2 tasks");
        assertThat(lines.err()).doesNotContain("publishing");
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--payload", "{}", "--unique-key", "k",
                "--unique-for", "8d", "--join"), ExitCodes.BAD_INPUT, "window is 1s to 7d (what its log keeps), was 8d");
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--payload", "{}", "--unique-key", " ", "--join"),
                ExitCodes.BAD_INPUT, "a unique key must not be blank");
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--payload", "{}", "--unique-key", "k", "--batch",
                "mx9yy7e2-154s8t73", "--join"), ExitCodes.BAD_INPUT, "cannot resume --batch");
    }

    @Test
    void aWorkflowFileThatIsMissingOrWrongIsSaidBeforeAnythingConnects() throws Exception {
        assertOneLineError(CliRun.of("run", dir.resolve("none.json").toString(), "--broker", "amqp://guest@127.0.0.1:1"),
                ExitCodes.BAD_INPUT, "no workflow file " + dir.resolve("none.json"));
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("bad.json"),
                "{\"steps\": [{\"type\": \"noop\"}, {\"type\": \"noop\", \"input\": \"all\"}]}");
        assertOneLineError(CliRun.of("run", bad.toString(), "--broker", "amqp://guest@127.0.0.1:1"),
                ExitCodes.BAD_INPUT, "step 2: \"input\" is one of summary, result, each, was 'all'");
    }

    @Test
    void aCallbackWithoutItsTypeOrWithAnUnknownPolicyIsRefusedBeforeAnythingIsPublished() {
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--payload", "{}", "--then-payload", "{}", "--join"),
                ExitCodes.BAD_INPUT, "--then-payload needs --then TYPE");
        CliRun policy = CliRun.of("submit", "--type", "noop", "--payload", "{}", "--then", "report",
                "--then-on-failure", "ignore", "--broker", "mem://bad-input", "--join");
        assertOneLineError(policy, ExitCodes.BAD_INPUT, "--then-on-failure is stop or continue, was 'ignore'");
        assertThat(policy.err()).doesNotContain("publishing");
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--payload", "{}", "--then", "report",
                "--then-payload", "{nope", "--join"), ExitCodes.BAD_INPUT, "--then-payload");
    }

    @Test
    void helpNamesACommandOfAGroup() {
        CliRun run = CliRun.of("help", "dlq", "list");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Usage: taskmill dlq list");
    }

    @Test
    void noCommandNamesEveryCommand() {
        CliRun run = CliRun.of();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().strip()).startsWith("taskmill: missing command: submit, join, digest, count, status, "
                + "workers, dashboard, dlq, cancel, run, workflow, schedule, queue, deployment or help").doesNotContain("\n");
    }

    @Test
    void helpNamesACommand() {
        CliRun run = CliRun.of("help", "submit");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Usage: taskmill submit").contains("--chunk=N");
    }

    @Test
    void aBadBrokerUri() {
        assertOneLineError(CliRun.of("count", "--broker", "amqp://guest:pw@bad host:5672"), ExitCodes.BAD_INPUT,
                "bad broker URI");
        assertOneLineError(CliRun.of("count", "--broker", "kafka://localhost:9092"), ExitCodes.BAD_INPUT,
                "unsupported broker URI scheme 'kafka'");
    }

    /** A URI without its scheme read as one whose scheme is the host ("bad broker URI localhost://...: no host"). */
    @Test
    void aBrokerUriWithoutItsScheme() {
        assertOneLineError(CliRun.of("count", "--broker", "localhost:5672"), ExitCodes.BAD_INPUT,
                "broker URI has no scheme: did you mean amqp://localhost:5672?");
        CliRun withUser = CliRun.of("count", "--broker", "guest:hunter2@mq1:5672/prod");
        assertOneLineError(withUser, ExitCodes.BAD_INPUT, "did you mean amqp://user@mq1:5672/prod?");
        assertThat(withUser.err()).doesNotContain("hunter2").doesNotContain("guest");
    }

    /** The scheme first: it said a password needs a user in the URI, as if http:// could work with one. */
    @Test
    void anUnsupportedSchemeIsSaidBeforeAnythingElseOfTheUri() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "hunter2\n");
        CliRun run = CliRun.of("count", "--broker", "http://localhost:5672", "--broker-password-file",
                password.toString());
        assertOneLineError(run, ExitCodes.BAD_INPUT, "unsupported broker URI scheme 'http'");
        assertThat(run.err()).doesNotContain("hunter2");
    }

    @Test
    void anUnreachableBrokerWithin10SecondsAndWithoutThePassword() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "hunter2\n");
        long start = System.nanoTime();
        CliRun run = CliRun.of("count", "--broker", "amqp://guest@127.0.0.1:1", "--broker-password-file",
                password.toString());
        assertOneLineError(run, ExitCodes.BROKER_UNAVAILABLE, "cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:1");
        assertThat(run.err()).doesNotContain("hunter2");
        assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(10);
    }

    @Test
    void aPasswordOnTheCommandLineWorksButIsWarnedAboutOnce() {
        CliRun run = CliRun.of("count", "--broker", "amqp://guest:hunter2@127.0.0.1:1");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BROKER_UNAVAILABLE);
        assertThat(run.err().lines().toList()).hasSize(2).satisfies(lines -> {
            assertThat(lines.get(0)).startsWith("taskmill: warning: the broker URI on the command line holds a password");
            assertThat(lines.get(1)).startsWith("taskmill: cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:1");
        });
        assertThat(run.err()).doesNotContain("hunter2");
    }

    @Test
    void aPasswordFileThatCannotBeUsed() throws Exception {
        assertOneLineError(CliRun.of("status", "--broker", "amqp://guest@127.0.0.1:1", "--broker-password-file",
                dir.resolve("absent").toString()), ExitCodes.BAD_INPUT, "no broker password file");
        Path password = Files.writeString(dir.resolve("password"), "hunter2");
        assertOneLineError(CliRun.of("status", "--broker", "amqp://127.0.0.1:1", "--broker-password-file",
                password.toString()), ExitCodes.BAD_INPUT, "a broker password needs a user in the URI");
        CliRun twice = CliRun.of("status", "--broker", "amqp://guest:other@127.0.0.1:1", "--broker-password-file",
                password.toString());
        assertThat(twice.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(twice.err().lines().reduce((first, last) -> last).orElseThrow()).contains("give it once")
                .doesNotContain("other").doesNotContain("hunter2");
    }

    @Test
    void aNegativeChunk() {
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--broker", "mem://chunk", "--join", "--chunk", "-1"),
                ExitCodes.BAD_INPUT, "--chunk must be 1 or more");
    }

    @Test
    void commandsThatNeedABrokerSaySo() {
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--broker", ""), ExitCodes.BAD_INPUT, "no broker");
    }

    @Test
    void aPayloadFileWithABadLineIsRefusedBeforeAnythingIsPublished() throws Exception {
        Path payloads = Files.writeString(dir.resolve("p.jsonl"), "{\"ms\": 1}\nnot json\n");
        assertOneLineError(CliRun.of("submit", "--type", "sleep", "--broker", "mem://bad-input", "--join",
                "--payloads", payloads.toString()), ExitCodes.BAD_INPUT, "line 2: not JSON");
        assertOneLineError(CliRun.of("submit", "--type", "sleep", "--broker", "mem://bad-input", "--join",
                "--payloads", dir.resolve("missing.jsonl").toString()), ExitCodes.BAD_INPUT, "no such file");
    }

    @Test
    void aPayloadThatWouldEncodeOverTheMessageLimitIsRefusedBeforeTheBatchOpens() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            lines.append(i == 500 ? "{\"s\":\"" + "\u20ac".repeat(400_000) + "\"}" : "{}").append('\n');
        }
        Path payloads = Files.writeString(dir.resolve("big.jsonl"), lines);
        CliRun run = CliRun.of("submit", "--type", "noop", "--broker", "mem://bad-input", "--join",
                "--payloads", payloads.toString());
        assertOneLineError(run, ExitCodes.BAD_INPUT, "line 501: the payload encodes to 1200008 bytes");
        assertThat(run.err()).doesNotContain("publishing");
    }

    @Test
    void aPayloadDeeperThanAWorkerTakesIsRefusedAtSubmit() throws Exception {
        String deep = "{\"a\":".repeat(63) + "1" + "}".repeat(63);
        Path payloads = Files.writeString(dir.resolve("deep.jsonl"), "{}\n" + deep + "\n");
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--broker", "mem://bad-input", "--join",
                "--payloads", payloads.toString()), ExitCodes.BAD_INPUT, "line 2: the payload nests 63 levels deep");
    }

    @Test
    void aMalformedBrokerUriNeverReachesAnotherBrokerNorShowsThePassword() {
        for (String uri : new String[] {"amqp://guest:s3cret@nohost.example:notaport",
                "amqp://guest:pa@ss99@nohost.example:5672", "amqp://guest:ab/cd99@nohost.example:5672"}) {
            CliRun run = CliRun.of("status", "--broker", uri);
            assertOneLineError(run, ExitCodes.BAD_INPUT, "bad broker URI amqp://...");
            assertThat(run.out()).as("nothing about the local broker's queues").isEmpty();
            assertThat(run.err()).doesNotContain("s3cret").doesNotContain("ss99").doesNotContain("cd99");
        }
    }

    @Test
    void anInProcessBrokerForTasksThatMustOutliveTheProcessIsRefused() {
        assertOneLineError(CliRun.of("submit", "--type", "noop", "--broker", "mem://gone"), ExitCodes.BAD_INPUT,
                "mem://gone lives inside one process");
        assertOneLineError(CliRun.of("join", "mwwjq26h-48vluayy", "--broker", "mem://gone"), ExitCodes.BAD_INPUT,
                "mem://gone lives inside one process");
    }

    @Test
    void durationsAndNumbersAreCheckedWithOneSyntax() {
        assertOneLineError(CliRun.of("join", "mwwjq26h-48vluayy", "--timeout", "PT-5S", "--broker", "mem://x"),
                ExitCodes.BAD_INPUT, "is negative");
        assertOneLineError(CliRun.of("count", "--timeout", "30", "--quiet"), ExitCodes.BAD_INPUT, "has no unit");
        assertOneLineError(CliRun.of("digest", dir.toString(), "--chunk", "-1"), ExitCodes.BAD_INPUT, "--chunk");
        assertOneLineError(CliRun.of("dlq", "list", "--limit", "0", "--broker", "amqp://localhost"),
                ExitCodes.BAD_INPUT, "--limit must be 1 or more");
    }

    @Test
    void aBatchIdThatIsNotOne() {
        assertOneLineError(CliRun.of("join", "not-a-batch", "--broker", "mem://x"), ExitCodes.BAD_INPUT,
                "not a batch id");
    }

    @Test
    void aDurationThatIsNotOne() {
        assertOneLineError(CliRun.of("join", "mwwjq26h-48vluayy", "--timeout", "soon", "--broker", "mem://x"),
                ExitCodes.BAD_INPUT, "not a duration");
    }
}
