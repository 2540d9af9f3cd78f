package dev.storefleet.viewmodel;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one background task of view-models: what it needs is read on the calling (FX) thread when it
 * {@linkplain #run runs}, the work runs on the background executor, and its outcome comes back on
 * the UI thread. Every failure is logged before the failure step shows it in words, including one
 * thrown by the success step itself.
 *
 * <pre>{@code
 * BackgroundTask<Store> delete = BackgroundTask.capture(this::selectedTarget)      // FX thread, at run()
 *         .then(target -> stores.delete(target.id(), actor))                      // background
 *         .onSuccess(store -> notice.set("Deleting '" + store.name() + "'…"))     // FX thread
 *         .onFailure(failure -> error.set(ErrorMessages.of(failure)))             // FX thread, logged first
 *         .named("deleting a store");
 * Command command = new Command(allowed, () -> delete.run(executors));
 * }</pre>
 *
 * A task is configured once and may run any number of times; each run captures its inputs afresh.
 * The work gets only what was captured, so it cannot read view-model state on the worker thread.
 */
public final class BackgroundTask<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTask.class);

    private final Start<T> start;
    private String what = "A background task";
    private Runnable always = () -> {
    };
    private Consumer<? super T> onSuccess = result -> {
    };
    private Consumer<? super Throwable> onFailure = failure -> {
    };

    /** {@code start} runs on the calling thread: it captures the inputs and hands back the work under way. */
    private BackgroundTask(Start<T> start) {
        this.start = start;
    }

    /**
     * Reads {@code inputs} on the thread that calls {@link #run} (the FX thread), each run; what
     * {@link Captured#then} does with them runs in the background.
     */
    public static <I> Captured<I> capture(Supplier<? extends I> inputs) {
        return new Captured<>(Objects.requireNonNull(inputs));
    }

    /** Work that needs nothing from the view-model's state (or only final fields). */
    public static <T> BackgroundTask<T> of(Supplier<? extends T> work) {
        return capture(() -> null).then(ignored -> work.get());
    }

    /** Like {@link #of}, for work that hands back a future of its own; see {@link Captured#thenAsync}. */
    public static <T> BackgroundTask<T> ofAsync(Supplier<? extends CompletableFuture<T>> start) {
        return capture(() -> null).thenAsync(ignored -> start.get());
    }

    /** The inputs of a task, read when it runs. */
    public static final class Captured<I> {
        private final Supplier<? extends I> inputs;

        private Captured(Supplier<? extends I> inputs) {
            this.inputs = inputs;
        }

        /** {@code work} runs on the background executor with the inputs captured for this run. */
        public <T> BackgroundTask<T> then(Function<? super I, ? extends T> work) {
            Objects.requireNonNull(work);
            return new BackgroundTask<>(executors -> {
                I captured = inputs.get();
                return CompletableFuture.supplyAsync(() -> work.apply(captured), executors.background());
            });
        }

        /**
         * For work that hands back a future of its own (a service that queues the work elsewhere,
         * such as the provisioning executor): {@code start} runs in the background and no thread
         * waits for the future it returns.
         */
        public <T> BackgroundTask<T> thenAsync(Function<? super I, ? extends CompletableFuture<T>> start) {
            Objects.requireNonNull(start);
            return new BackgroundTask<>(executors -> {
                I captured = inputs.get();
                return CompletableFuture.supplyAsync(() -> start.apply(captured), executors.background())
                        .thenCompose(Function.identity());
            });
        }
    }

    private interface Start<T> {
        CompletableFuture<T> begin(UiExecutors executors);
    }

    /** Runs on the UI thread after the work, before the success or failure step (e.g. "not loading any more"). */
    public BackgroundTask<T> always(Runnable step) {
        this.always = Objects.requireNonNull(step);
        return this;
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> step) {
        this.onSuccess = Objects.requireNonNull(step);
        return this;
    }

    /** Gets the failure unwrapped (never a CompletionException), after it was logged. */
    public BackgroundTask<T> onFailure(Consumer<? super Throwable> step) {
        this.onFailure = Objects.requireNonNull(step);
        return this;
    }

    /** What the log says failed ("deleting a store"). */
    public BackgroundTask<T> named(String what) {
        this.what = Objects.requireNonNull(what);
        return this;
    }

    /**
     * Captures the inputs here (call it on the FX thread), runs the work in the background and the
     * steps on the UI thread. The future completes once the outcome has been shown, and does not
     * fail for a failure of the work: the failure step had it. It fails only if that step threw.
     */
    public CompletableFuture<Void> run(UiExecutors executors) {
        return outcome(executors).handle((ok, failure) -> {
            if (UiExecutors.unwrap(failure) instanceof StepFailed broken) {
                throw new CompletionException(broken.getCause());
            }
            return null;
        });
    }

    /**
     * Like {@link #run}, for a caller that needs the value: completes with it, or exceptionally
     * with the failure, after the success or failure step ran on the UI thread.
     */
    public CompletableFuture<T> result(UiExecutors executors) {
        return outcome(executors).handle((result, failure) -> {
            Throwable cause = UiExecutors.unwrap(failure);
            if (cause != null) {
                throw new CompletionException(cause instanceof StepFailed broken ? broken.getCause() : cause);
            }
            return result;
        });
    }

    private CompletableFuture<T> outcome(UiExecutors executors) {
        CompletableFuture<T> work;
        try {
            work = start.begin(executors);
        } catch (RuntimeException e) {
            work = CompletableFuture.failedFuture(e); // capturing failed: shown like any failure
        }
        return work.handleAsync((result, failure) -> deliver(result, failure), executors.ui())
                .thenCompose(Function.identity());
    }

    /** On the UI thread: the steps, every failure logged before it is shown. */
    private CompletableFuture<T> deliver(T result, Throwable failure) {
        Throwable cause = failure == null ? null : UiExecutors.unwrap(failure);
        try {
            always.run();
            if (cause == null) {
                try {
                    onSuccess.accept(result);
                    return CompletableFuture.completedFuture(result);
                } catch (RuntimeException e) {
                    LOG.error("{}: showing its result failed", what, e);
                    onFailure.accept(e);
                    return CompletableFuture.failedFuture(new StepFailed(e));
                }
            }
            LOG.warn("{} failed", what, cause);
            onFailure.accept(cause);
            return CompletableFuture.failedFuture(cause);
        } catch (RuntimeException e) {
            LOG.error("{}: showing its outcome failed", what, e);
            return CompletableFuture.failedFuture(new StepFailed(e));
        }
    }

    /** A success or failure step threw while it handled the outcome: a bug, not the work's failure. */
    private static final class StepFailed extends RuntimeException {
        StepFailed(RuntimeException cause) {
            super(cause);
        }
    }
}
