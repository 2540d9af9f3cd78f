package dev.storefleet.app;

import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * The services, started by {@link Main} before the JavaFX toolkit: the database opens and the
 * cluster client is built while the toolkit starts and the first window is drawn, instead of
 * after. The desktop app takes the start over when its window is up; without an early start
 * (tests, or settings that do not parse) it starts the services itself.
 */
final class EarlyStart {
    private static volatile CompletableFuture<Storefleet> started;

    private EarlyStart() {
    }

    /**
     * Begins starting the services on a thread of their own, which runs {@code first} before
     * anything else (or the caller runs it, when there is no early start); a settings error is
     * left to the app.
     */
    static void begin(Runnable first) {
        Settings settings;
        try {
            settings = Settings.forThisUser();
        } catch (IllegalArgumentException e) {
            first.run();
            return; // the app shows it in its window
        }
        CompletableFuture<Storefleet> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                first.run();
                // The log configures itself here, before the start's parallel work: a line logged by
                // another thread while it configures is queued and replayed with a warning on stderr.
                LoggerFactory.getILoggerFactory();
                future.complete(Storefleet.start(settings));
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        }, "storefleet-early-start");
        thread.setDaemon(true);
        thread.start();
        started = future;
    }

    /** The early start, handed over once (null if there was none); later calls get null. */
    static synchronized CompletableFuture<Storefleet> take() {
        CompletableFuture<Storefleet> future = started;
        started = null;
        return future;
    }
}
