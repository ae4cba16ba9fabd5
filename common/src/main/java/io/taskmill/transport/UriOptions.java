package io.taskmill.transport;

import io.taskmill.config.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options a transport takes from its broker URI's query ({@code ?name=value&...}). An
 * unknown name or a bad value is a one-line error naming it, never ignored.
 */
public final class UriOptions {

    private final BrokerAddress address;
    private final Map<String, String> values;

    private UriOptions(BrokerAddress address, Map<String, String> values) {
        this.address = address;
        this.values = values;
    }

    /**
     * @param known         the options this transport reads
     * @param passedThrough names its broker client reads from the URI itself
     */
    public static UriOptions of(BrokerAddress address, Set<String> known, Set<String> passedThrough) {
        Map<String, String> values = new HashMap<>();
        String query = address.uri().getQuery();
        if (query != null && !query.isEmpty()) {
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                if (known.contains(name)) {
                    values.put(name, equals < 0 ? "" : parameter.substring(equals + 1));
                } else if (!passedThrough.contains(name)) {
                    Set<String> all = new TreeSet<>(known);
                    all.addAll(passedThrough);
                    throw bad(address, "unknown parameter '" + name + "' (" + address.scheme() + ":// takes " + all + ")");
                }
            }
        }
        return new UriOptions(address, values);
    }

    public String text(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    public int integer(String name, int otherwise) {
        String value = values.get(name);
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw bad(name + " must be a number, was '" + value + "'");
        }
    }

    public Duration duration(String name, Duration otherwise) {
        String value = values.get(name);
        try {
            return value == null ? otherwise : Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw bad(name + " " + e.getMessage());
        }
    }

    /**
     * A size: bytes, or a number with {@code kB}, {@code MB}, {@code GB}, {@code TB} (powers
     * of 1000) or {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} (powers of 1024).
     */
    public long bytes(String name, long otherwise) {
        String value = values.get(name);
        if (value == null) {
            return otherwise;
        }
        Matcher size = SIZE.matcher(value.strip());
        if (!size.matches()) {
            throw bad(name + " must be a size like 5GB, 500MB or 1GiB, was '" + value + "'");
        }
        String unit = size.group(2).toLowerCase(Locale.ROOT);
        int power = unit.isEmpty() || unit.equals("b") ? 0 : "kmgt".indexOf(unit.charAt(0)) + 1;
        double base = unit.contains("i") ? 1024 : 1000;
        double bytes = Double.parseDouble(size.group(1)) * Math.pow(base, power);
        if (bytes < 1 || bytes >= Long.MAX_VALUE) {
            throw bad(name + " must be at least one byte, was '" + value + "'");
        }
        return (long) bytes;
    }

    private static final Pattern SIZE = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(|B|[kKMGT]B|[KMGT]iB)");

    /** A one-line error about this URI: what a transport throws for a value it refuses. */
    public IllegalArgumentException bad(String problem) {
        return bad(address, problem);
    }

    private static IllegalArgumentException bad(BrokerAddress address, String problem) {
        return new IllegalArgumentException("bad broker URI " + address + ": " + problem);
    }
}
