package dev.storefleet.viewmodel;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where view-model work runs: {@code background} for anything that touches the database, the
 * cluster or the network; {@code ui} for changing properties the view is bound to. In the app
 * {@code ui} is Platform::runLater; in view-model tests both are direct, so tests need no toolkit.
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

    /**
     * Runs {@code work} in the background, then {@code onSuccess} or {@code onFailure} on the UI
     * thread. The returned future completes after the UI step, so tests can wait on it.
     */
    public <T> CompletableFuture<Void> run(Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        return onUi(CompletableFuture.supplyAsync(work, background), onSuccess, onFailure);
    }

    /**
     * Like {@link #run}, for work that hands back a future of its own (a service that queues the
     * work elsewhere, such as the provisioning executor): {@code start} runs in the background,
     * no thread waits for the future it returns, and its outcome lands on the UI thread.
     */
    public <T> CompletableFuture<Void> runAsync(Supplier<? extends CompletableFuture<T>> start, Consumer<T> onSuccess,
            Consumer<Throwable> onFailure) {
        return onUi(CompletableFuture.supplyAsync(start, background).thenCompose(f -> f), onSuccess, onFailure);
    }

    private <T> CompletableFuture<Void> onUi(CompletableFuture<T> work, Consumer<T> onSuccess,
            Consumer<Throwable> onFailure) {
        return work.handleAsync((result, failure) -> {
            if (failure == null) {
                onSuccess.accept(result);
            } else {
                onFailure.accept(unwrap(failure));
            }
            return null;
        }, ui);
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
