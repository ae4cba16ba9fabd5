package io.taskmill.dashboard;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers only requests whose {@code Host} names this dashboard: a page of another site that
 * makes its own name resolve to this address (DNS rebinding) is refused, so it cannot read the
 * dashboard from a visitor's browser.
 */
final class HostCheck extends Filter {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private final Set<String> names;

    /**
     * @param bound the address the dashboard listens on: its own name is accepted unless it is
     *              a wildcard
     * @param more  further names it is reached by (a host name, a proxy's name)
     */
    HostCheck(String bound, Set<String> more) {
        Set<String> all = new TreeSet<>(LOOPBACK);
        String own = bound.toLowerCase(Locale.ROOT);
        if (!own.equals("0.0.0.0") && !own.equals("::") && !own.equals("[::]")) {
            all.add(own.contains(":") && !own.startsWith("[") ? "[" + own + "]" : own);
        }
        more.forEach(name -> all.add(name.strip().toLowerCase(Locale.ROOT)));
        this.names = Set.copyOf(all);
    }

    Set<String> names() {
        return names;
    }

    boolean allows(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        int port = host.lastIndexOf(':');
        if (port > host.lastIndexOf(']')) {
            host = host.substring(0, port);
        }
        return names.contains(host);
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (allows(exchange.getRequestHeaders().getFirst("Host"))) {
            chain.doFilter(exchange);
            return;
        }
        byte[] body = ("this dashboard answers to " + String.join(", ", new TreeSet<>(names))
                + " (taskmill dashboard --allow-host NAME for another name)").getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(421, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public String description() {
        return "answers only to the host names the dashboard was started for";
    }
}
