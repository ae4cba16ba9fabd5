package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (Debian's chromium, headless, through its chromedriver)
 * against a consumer process on the machine's RabbitMQ: a batch's progress advancing, the
 * worker listed, a dead letter replayed from the page and counted by {@code join}, and a
 * cancel that takes effect. Leaves the screenshot the README shows in target/.
 */
class DashboardIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "dashboard-test-token-0123456789";

    @TempDir
    Path dir;

    private Deployment deployment;
    private Process dashboard;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            Requirements.unmet("DashboardIT needs Debian's chromium and chromium-driver "
                    + "(apt-get install -y chromium chromium-driver)");
        }
        deployment = new Deployment("dashboard");
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (dashboard != null) {
            dashboard.destroy();
            dashboard.waitFor();
        }
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void aBrowserSeesProgressAndWorkersReplaysADeadLetterAndCancelsABatch() throws Exception {
        ConsumerProcess worker = deployment.startConsumer("worker", "--concurrency", "2", "--prefetch", "2");
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
        dashboard = deployment.startCli("dashboard", "dashboard", "--port", "0", "--token-file", tokenFile.toString());
        String url = awaitUrl();
        assertThat(post(url + "api/batches/cancel?batch=x", null)).as("an action without the token").isEqualTo(403);

        browser = headlessChromium();
        browser.get(url);
        await().atMost(Duration.ofSeconds(30)).until(() -> text("#workers tr[data-worker]") != null);
        assertThat(text("#workers tr[data-worker]")).contains("RUNNING").contains("default");
        assertThat(worker.alive()).isTrue();

        // Progress: 30 tasks of 300 ms on two threads, about 5 s; the page's count must be seen between 0 and the end.
        String progress = submit("sleep", Collections.nCopies(30, "{\"ms\": 300}"));
        Set<Long> seen = new TreeSet<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String done = text("tr[data-batch='" + progress + "'] td.done");
            if (done != null) {
                seen.add(Long.parseLong(done));
            }
            return seen.contains(30L) && "succeeded".equals(state(progress));
        });
        assertThat(seen.stream().filter(n -> n > 0 && n < 30)).as("counts seen while it ran: " + seen).isNotEmpty();

        // A dead letter: a file that is not there yet. Made, then replayed from the page, the task succeeds.
        Path later = dir.resolve("later.txt");
        String dead = submit("sha512", List.of("{\"path\": \"" + later + "\"}"));
        String deadRow = "#dead-letters tr[data-dead='" + dead + ":0']";
        await().atMost(Duration.ofMinutes(1)).until(() -> text(deadRow) != null);
        assertThat(text(deadRow)).contains("non-retryable").contains("no such file");
        Files.writeString(later, "now it is here\n");
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        click(deadRow + " button.replay");
        await().atMost(Duration.ofMinutes(1)).until(() -> text(deadRow) == null);
        CliProcess.Result replayed = deployment.cli("join-replayed", Duration.ofMinutes(1), "join", dead, "--json");
        JsonNode summary = JSON.readTree(replayed.out());
        assertThat(replayed.exitCode()).as(replayed.err()).isZero();
        assertThat(summary.get("succeeded").asLong()).isEqualTo(1);
        assertThat(summary.get("failed").asLong()).isZero();

        // Cancel: a batch that would run a minute.
        String cancelled = submit("sleep", Collections.nCopies(200, "{\"ms\": 600}"));
        String cancel = "tr[data-batch='" + cancelled + "'] button.cancel";
        // Shot once the batch has a pace and an ETA to show.
        await().atMost(Duration.ofMinutes(1)).until(() -> text(cancel) != null && done(cancelled) > 4
                && !text("tr[data-batch='" + cancelled + "'] td.eta").isEmpty());
        screenshot();
        click(cancel);
        await().atMost(Duration.ofMinutes(1)).until(() -> "cancelled".equals(state(cancelled)));
        CliProcess.Result join = deployment.cli("join-cancelled", Duration.ofMinutes(1), "join", cancelled, "--json");
        assertThat(join.exitCode()).as("join of a cancelled batch").isEqualTo(3);
        assertThat(JSON.readTree(join.out()).get("cancelled").asLong()).isPositive();
    }

    private String awaitUrl() {
        Pattern listening = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+/)");
        Path err = deployment.logDir().resolve("dashboard.err");
        String[] url = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            if (!dashboard.isAlive()) {
                throw new IllegalStateException("the dashboard exited: " + Files.readString(err));
            }
            Matcher matcher = listening.matcher(Files.exists(err) ? Files.readString(err) : "");
            if (matcher.find()) {
                url[0] = matcher.group(1);
                return true;
            }
            return false;
        });
        return url[0];
    }

    private String submit(String type, List<String> payloads) throws Exception {
        Path file = Files.write(dir.resolve(type + "-" + System.nanoTime() + ".jsonl"), payloads);
        CliProcess.Result submit = deployment.cli("submit", Duration.ofMinutes(1), "submit", "--type", type,
                "--payloads", file.toString(), "--chunk", "1");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        return submit.out().strip();
    }

    /** The text of the first element {@code css} selects, or null: read in one go, as the page redraws every second. */
    private String text(String css) {
        return (String) browser.executeScript("const e = document.querySelector(arguments[0]);"
                + " return e ? e.textContent : null;", css);
    }

    /** Clicks what {@code css} selects, trying again if the page redrew it between finding and clicking. */
    private void click(String css) {
        await().atMost(Duration.ofSeconds(10)).ignoreException(StaleElementReferenceException.class).until(() -> {
            browser.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    private String state(String batch) {
        return text("tr[data-batch='" + batch + "'] .state");
    }

    private long done(String batch) {
        String done = text("tr[data-batch='" + batch + "'] td.done");
        return done == null ? 0 : Long.parseLong(done);
    }

    private static int post(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("X-Taskmill-Token", token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static ChromeDriver headlessChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1400, 1000));
        return driver;
    }

    private void screenshot() throws Exception {
        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    }
}
