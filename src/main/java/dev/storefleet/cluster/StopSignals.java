package dev.storefleet.cluster;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Keeps SIGTERM and SIGINT stopping the JVM (running its shutdown hooks) in a process that
 * has the embedded Helm loaded. Helm's Go runtime calls signal.Notify for SIGTERM and SIGINT
 * on its first install or upgrade and replaces the JVM's handlers with its own, which never
 * forwards them: from then on {@code kill <pid>} and Ctrl-C do nothing (found by the serve
 * test: the process ignored SIGTERM after provisioning one store). Go installs its handler only
 * once per signal, so putting the JVM's back sticks; it is re-asserted every second because
 * the first Helm call can come at any time.
 */
public final class StopSignals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "storefleet-stop-signals");
        thread.setDaemon(true);
        return thread;
    });

    private StopSignals() {
    }

    /** Keepers running: {@link #afterHelmCall()} acts only in a process that keeps the JVM's handlers. */
    private static final AtomicInteger KEEPERS = new AtomicInteger();

    /** Started by {@link ClusterAdapters} with the embedded Helm, so the GUI and serve both get it. */
    public static StopSignals keepJvmHandlers() {
        StopSignals signals = new StopSignals();
        KEEPERS.incrementAndGet();
        signals.timer.scheduleWithFixedDelay(StopSignals::install, 0, 1, TimeUnit.SECONDS);
        return signals;
    }

    /**
     * Puts the JVM's handlers back at once after a Helm install or upgrade returns, instead of
     * within the next second: a SIGTERM sent in that second was swallowed (seen in CI, the serve
     * test stopping the process right after its first store was ready).
     */
    static void afterHelmCall() {
        if (KEEPERS.get() > 0) {
            install();
        }
    }

    private static void install() {
        for (String name : SIGNALS) {
            try {
                // What the JDK's own handler does: exit with 128 + the signal's number.
                Signal.handle(new Signal(name), signal -> System.exit(128 + signal.getNumber()));
            } catch (IllegalArgumentException e) {
                LOG.debug("Cannot handle SIG{}: {}", name, e.getMessage()); // ignored at start (nohup), or -Xrs
            }
        }
    }

    @Override
    public void close() {
        if (!timer.isShutdown()) {
            KEEPERS.decrementAndGet();
        }
        timer.shutdownNow();
    }
}
