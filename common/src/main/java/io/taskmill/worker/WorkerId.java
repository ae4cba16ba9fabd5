package io.taskmill.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/** Names this process in completion events: {@code host/pid}. */
public final class WorkerId {

    private WorkerId() {
    }

    private static final AtomicInteger EMBEDDED = new AtomicInteger();

    public static String ofThisProcess() {
        return hostName() + "/" + ProcessHandle.current().pid();
    }

    /**
     * A worker embedded in an application: {@code host/pid/embedded-N}, one N per worker, so
     * that two in one process are two members of the fleet (rate limits share by members).
     */
    public static String embedded() {
        return ofThisProcess() + "/embedded-" + EMBEDDED.incrementAndGet();
    }

    /** The container's or machine's name, as an operator would look it up. */
    static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
