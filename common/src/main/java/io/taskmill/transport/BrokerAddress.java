package io.taskmill.transport;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A parsed broker URI. {@link #toString()} never shows the password, so an address can
 * go into logs and error messages as it is.
 */
public record BrokerAddress(URI uri) {

    public BrokerAddress {
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("broker URI has no scheme: expected amqp://, amqps:// or mem://");
        }
    }

    /** Parses a URI, with an error message that names the problem but not the password. */
    public static BrokerAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty broker URI: expected amqp://user:pass@host:5672, amqps://... or mem://name");
        }
        try {
            return new BrokerAddress(new URI(text.trim()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad broker URI '" + redact(text) + "': " + e.getReason());
        }
    }

    public String scheme() {
        return uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return redact(uri.toString());
    }

    /** Replaces the password in {@code scheme://user:password@host} with {@code ***}. */
    static String redact(String text) {
        return text.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@");
    }
}
