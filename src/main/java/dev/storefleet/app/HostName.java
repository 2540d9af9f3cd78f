package dev.storefleet.app;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name, for the audit trail and for other consoles: who did it, and where. */
final class HostName {
    private HostName() {
    }

    /** The host name the system reports; the environment's, or "localhost", when it cannot be read. */
    static String local() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv == null || fromEnv.isBlank()) {
            fromEnv = System.getenv("COMPUTERNAME");
        }
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) {
                return name;
            }
        } catch (UnknownHostException e) {
            // a machine whose own name does not resolve: fall back to the environment
        }
        return fromEnv == null || fromEnv.isBlank() ? "localhost" : fromEnv.strip();
    }
}
