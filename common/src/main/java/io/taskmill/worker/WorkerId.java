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

    private static String hostName() {
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
