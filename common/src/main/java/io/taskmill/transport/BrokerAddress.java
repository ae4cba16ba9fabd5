package io.taskmill.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A parsed broker URI. Parsing is strict: a URI whose host or port cannot be read is an
 * error, never a silent fall-back to {@code localhost} with the credentials meant for
 * another broker. {@link #toString()} and every error message are built from parsed parts
 * and never show the password, so an address can go into logs as it is.
 *
 * <p>A cluster is several hosts, comma-separated, sharing the user, virtual host and
 * options: {@code amqp://user:pw@h1:5672,h2:5672,h3:5672/vhost}. A transport connects to
 * any live one and moves to another when its node goes.
 *
 * @param uri   the URI with the first host: every part but the other hosts
 * @param hosts every host, in the order written
 */
public record BrokerAddress(URI uri, List<Host> hosts) {

    /** One node of the broker: its name and port, -1 for the scheme's default. */
    public record Host(String name, int port) {

        @Override
        public String toString() {
            return port >= 0 ? name + ":" + port : name;
        }
    }

    /** An address of one host: the URI's own. */
    public BrokerAddress(URI uri) {
        this(uri, List.of(new Host(uri.getHost(), uri.getPort())));
    }

    /** How to write a password that holds a reserved character, for every error about one. */
    public static final String ENCODING_HINT = "percent-encode reserved characters in the user and password: "
            + "@ as %40, / as %2F, : as %3A, ? as %3F, # as %23, % as %25";

    public BrokerAddress {
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("broker URI has no scheme: expected amqp://, amqps://, nats://, tls://, "
                    + "redis://, rediss:// or mem://");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawFragment() != null) {
            throw bad(scheme, "it holds a '#'; " + ENCODING_HINT);
        }
        if (uri.getRawAuthority() != null && uri.getRawAuthority().indexOf('@') != uri.getRawAuthority().lastIndexOf('@')) {
            throw bad(scheme, "it holds more than one '@'; " + ENCODING_HINT);
        }
        if (uri.getHost() == null) {
            throw bad(scheme, "no host, or a port that is not a number (" + ENCODING_HINT + ")");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw bad(scheme, "port " + uri.getPort() + " is out of range 1-65535");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && uri.getRawPath().indexOf('/', 1) >= 0) {
            throw bad(scheme, "the virtual host holds a '/' (write it as %2F)");
        }
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty() || !hosts.get(0).name().equals(uri.getHost()) || hosts.get(0).port() != uri.getPort()) {
            throw new IllegalArgumentException("the first host of " + scheme + "://... must be the URI's own");
        }
    }

    /** Parses a URI, with an error message that names the problem but no part of the password. */
    public static BrokerAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty broker URI: expected amqp://user@host:5672, amqps://... "
                    + "or mem://name");
        }
        String trimmed = text.trim();
        if (!trimmed.contains("://")) {
            throw new IllegalArgumentException(withoutScheme(trimmed));
        }
        try {
            int start = trimmed.indexOf("://");
            int end = start < 0 ? -1 : authorityEnd(trimmed, start + 3);
            int at = start < 0 ? -1 : trimmed.lastIndexOf('@', end - 1);
            int hostsFrom = Math.max(start + 3, at + 1);
            if (start < 0 || trimmed.indexOf(',', hostsFrom) < 0 || trimmed.indexOf(',', hostsFrom) >= end) {
                return new BrokerAddress(new URI(trimmed));
            }
            String scheme = schemeOf(trimmed);
            List<Host> hosts = new ArrayList<>();
            for (String host : trimmed.substring(hostsFrom, end).split(",", -1)) {
                hosts.add(host(scheme, host));
            }
            URI first = new URI(trimmed.substring(0, hostsFrom) + hosts.get(0) + trimmed.substring(end));
            return new BrokerAddress(first, hosts);
        } catch (URISyntaxException e) {
            throw bad(schemeOf(trimmed), "not a URI (" + ENCODING_HINT + ")");
        }
    }

    /**
     * A URI written without its scheme ({@code localhost:5672}, say) parses as one whose scheme
     * is the host: say what is missing, and show the fix without what comes before an '@' (it may
     * hold a password).
     */
    private static String withoutScheme(String text) {
        int at = text.lastIndexOf('@');
        return "broker URI has no scheme: did you mean amqp://" + (at >= 0 ? "user@" : "") + text.substring(at + 1)
                + "? (nats:// for NATS JetStream, redis:// for Redis, mem:// for the embedded transport)";
    }

    /** Where the authority ends: at the path, the query, the fragment or the end. */
    private static int authorityEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return text.length();
    }

    /** One host of a list, read as a URI of its own would be; the error names the host, which holds no password. */
    private static Host host(String scheme, String text) {
        if (text.isEmpty()) {
            throw bad(scheme, "an empty host in its list of hosts");
        }
        try {
            URI alone = new URI(scheme + "://" + text);
            if (alone.getHost() == null || alone.getRawUserInfo() != null) {
                throw bad(scheme, "host '" + text + "' of its list is not host or host:port");
            }
            if (alone.getPort() == 0 || alone.getPort() > 65_535) {
                throw bad(scheme, "port " + alone.getPort() + " of host '" + alone.getHost() + "' is out of range 1-65535");
            }
            return new Host(alone.getHost(), alone.getPort());
        } catch (URISyntaxException e) {
            throw bad(scheme, "host '" + text + "' of its list is not host or host:port");
        }
    }

    /** Whether the URI names several nodes of a cluster. */
    public boolean cluster() {
        return hosts.size() > 1;
    }

    public String scheme() {
        return uri.getScheme().toLowerCase(Locale.ROOT);
    }

    /** The user name, decoded; null when the URI has none. */
    public String user() {
        String info = uri.getUserInfo();
        if (info == null) {
            return null;
        }
        int colon = info.indexOf(':');
        return colon < 0 ? info : info.substring(0, colon);
    }

    /** Whether the URI carries a password. */
    public boolean hasPassword() {
        return uri.getUserInfo() != null && uri.getUserInfo().indexOf(':') >= 0;
    }

    /**
     * The same address with this password for its user.
     *
     * @throws IllegalArgumentException when the URI names no user
     */
    public BrokerAddress withPassword(String password) {
        String user = user();
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("a broker password needs a user in the URI, like " + scheme()
                    + "://user@" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : ""));
        }
        try {
            return new BrokerAddress(new URI(uri.getScheme(), user + ":" + password, uri.getHost(), uri.getPort(),
                    uri.getPath(), uri.getQuery(), null), hosts);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot put the broker password into " + this);
        }
    }

    /** {@code scheme://user:***@host:port/vhost}, from the parsed parts: no part of the password. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(scheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            text.append(colon < 0 ? info : info.substring(0, colon) + ":***").append('@');
        }
        text.append(hosts.stream().map(Host::toString).collect(Collectors.joining(",")));
        if (uri.getRawPath() != null) {
            text.append(uri.getRawPath());
        }
        return text.toString();
    }

    private static IllegalArgumentException bad(String scheme, String problem) {
        return new IllegalArgumentException("bad broker URI " + scheme + "://...: " + problem);
    }

    /** The scheme as written, if it looks like one; never more of the text. */
    private static String schemeOf(String text) {
        int colon = text.indexOf("://");
        String scheme = colon > 0 ? text.substring(0, colon) : "";
        return scheme.matches("[A-Za-z][A-Za-z0-9+.-]{0,15}") ? scheme.toLowerCase(Locale.ROOT) : "?";
    }
}
