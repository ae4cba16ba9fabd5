package io.taskmill.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Names this process in completion events: {@code host/pid}. */
public final class WorkerId {

    private WorkerId() {
    }

    public static String ofThisProcess() {
        return hostName() + "/" + ProcessHandle.current().pid();
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
