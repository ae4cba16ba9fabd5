package io.taskmill.worker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code perSecond} starts of a task type a second, across the whole fleet of
 * workers that run it on one queue.
 */
public record RateLimit(String type, double perSecond) {

    private static final Pattern TEXT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)/(s|m|h)");

    public RateLimit {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a rate limit needs a task type");
        }
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("a rate limit must be above zero, was " + perSecond + "/s for " + type);
        }
    }

    /** {@code TYPE=N/s}, {@code TYPE=N/m} or {@code TYPE=N/h}: {@code sha512=100/s}. */
    public static RateLimit parse(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("a rate limit is TYPE=N/s (or /m, /h), like sha512=100/s, not '"
                    + text + "'");
        }
        return new RateLimit(text.substring(0, equals).trim(), perSecond(text.substring(equals + 1).trim(), text));
    }

    /** {@code N/s}, {@code N/m} or {@code N/h} as starts per second. */
    static double perSecond(String rate, String whole) {
        Matcher matcher = TEXT.matcher(rate);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("a rate is N/s, N/m or N/h, like 100/s, not '" + whole + "'");
        }
        double count = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> count;
            case "m" -> count / 60;
            default -> count / 3_600;
        };
    }
}
