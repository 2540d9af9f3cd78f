package dev.storefleet.app;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stop that always ends: the graceful close runs, and if it has not finished within the limit
 * (a cluster client waiting on a vanished API server, a worker stuck in a native Helm call) the
 * JVM is halted. Nothing committed is lost: every store change is its own H2 transaction, and
 * H2's file store survives a halt.
 */
final class BoundedShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedShutdown.class);

    private BoundedShutdown() {
    }

    /** Runs {@code close}; halts the JVM with {@code exitCode} if it takes longer than {@code limit}. */
    static void run(Runnable close, Duration limit, int exitCode) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
                LOG.warn("Shutdown took longer than {} s; stopping now", limit.toSeconds());
                Runtime.getRuntime().halt(exitCode);
            } catch (InterruptedException finished) {
                // the graceful close finished in time
            }
        }, "storefleet-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            close.run();
        } finally {
            watchdog.interrupt();
        }
    }
}
