package io.taskmill.e2e;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A consumer's /metrics and /health, as a scraper sees them: started with {@code --http-port 0}. */
final class ConsumerMetrics {

    private static final Pattern SERVING = Pattern.compile("serving /metrics and /health on (http://\\S+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ConsumerMetrics() {
    }

    /** Where the consumer serves them, from the line it logs once it does. */
    static String endpoint(ConsumerProcess consumer) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            Matcher serving = SERVING.matcher(consumer.output());
            return serving.find() ? serving.group(1) : null;
        }, java.util.Objects::nonNull);
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one series summed over the consumers' scrapes; a series a consumer never had counts 0. */
    static double sum(String series, String... scrapes) {
        double total = 0;
        for (String scrape : scrapes) {
            for (String line : scrape.split("\n")) {
                if (line.startsWith(series + " ")) {
                    total += Double.parseDouble(line.substring(series.length() + 1).trim());
                }
            }
        }
        return total;
    }
}
