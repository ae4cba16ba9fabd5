package io.taskmill.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every option: {@code 0}, units that may be combined and may
 * carry decimals ({@code 500ms}, {@code 90s}, {@code 1.5s}, {@code 1m30s}, {@code 2h},
 * {@code 1d}), or ISO-8601 ({@code PT1M30S}). Negative durations are refused; a bare number
 * other than 0 is refused too, since nobody can tell whether it meant seconds or minutes.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final String FORMS = "try 0, 500ms, 90s, 1.5s, 1m30s, 2h or PT1M30S";

    private Durations() {
    }

    /**
     * The duration in the units {@link #parse} reads, largest first, to the millisecond:
     * {@code 1h30m}, {@code 90ms}, {@code 0}.
     */
    public static String format(Duration duration) {
        if (duration.toMillis() == 0) {
            return "0";
        }
        StringBuilder text = new StringBuilder();
        long millis = duration.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis >= sizes[i]) {
                text.append(millis / sizes[i]).append(units[i]);
                millis %= sizes[i];
            }
        }
        return text.toString();
    }

    /** @throws IllegalArgumentException naming the value and the accepted forms */
    public static Duration parse(String value) {
        String text = value == null ? "" : value.trim();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Duration parsed;
        try {
            parsed = text.regionMatches(true, 0, "P", 0, 1) || text.startsWith("-P") ? iso(value, text)
                    : units(value, text);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + value + "' is too long or too fine a duration (" + FORMS + ")");
        }
        if (parsed.isNegative()) {
            throw new IllegalArgumentException("'" + value + "' is negative: a duration must be 0 or more");
        }
        return parsed;
    }

    private static Duration iso(String value, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw notADuration(value);
        }
    }

    private static Duration units(String value, String text) {
        Matcher part = PART.matcher(text);
        long nanos = 0;
        int at = 0;
        while (at < text.length() && part.find(at) && part.start() == at) {
            BigDecimal amount = new BigDecimal(part.group(1));
            nanos = Math.addExact(nanos, amount.multiply(BigDecimal.valueOf(nanosPer(part.group(2))))
                    .longValueExact());
            at = part.end();
        }
        if (at == 0 || at != text.length()) {
            throw text.matches("\\d+") ? new IllegalArgumentException("'" + value + "' has no unit: write "
                    + value + "s for seconds (" + FORMS + ")") : notADuration(value);
        }
        return Duration.ofNanos(nanos);
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
        };
    }

    private static IllegalArgumentException notADuration(String value) {
        return new IllegalArgumentException("'" + value + "' is not a duration (" + FORMS + ")");
    }
}
