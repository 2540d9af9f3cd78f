package dev.storefleet.app;

import java.util.concurrent.CompletableFuture;

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

    /** Begins starting the services on a thread of their own; a settings error is left to the app. */
    static void begin() {
        Settings settings;
        try {
            settings = Settings.forThisUser();
        } catch (IllegalArgumentException e) {
            return; // the app shows it in its window
        }
        CompletableFuture<Storefleet> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
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
