package dev.storefleet.viewmodel;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Where view-model work runs: {@code background} for anything that touches the database, the
 * cluster or the network; {@code ui} for changing properties the view is bound to. In the app
 * {@code ui} is Platform::runLater; in view-model tests both are direct, so tests need no toolkit.
 * View-models run their work through {@link BackgroundTask}.
 */
public record UiExecutors(Executor background, Executor ui) {

    public UiExecutors {
        Objects.requireNonNull(background);
        Objects.requireNonNull(ui);
    }

    /** Both direct: for view-model tests. */
    public static UiExecutors direct() {
        return new UiExecutors(Runnable::run, Runnable::run);
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
