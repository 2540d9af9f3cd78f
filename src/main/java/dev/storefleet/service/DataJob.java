package dev.storefleet.service;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A backup, restore or clone under way: its step in words and the bytes streamed so far (for a
 * progress bar), a cancel, and its result. Progress is told from the streaming threads; a view
 * hands it to its own thread. A cancel is noticed between chunks of the stream: what was written
 * is then removed and the result completes with a {@link CancellationException}.
 *
 * @param <T> what the job yields: the backup's manifest, or the restore's outcome
 */
public final class DataJob<T> {
    /** What a listener is told: the step in words, and the bytes of the whole job so far. */
    public record Progress(String step, long bytes) {
    }

    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final List<Consumer<Progress>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;
    private volatile String step = "queued";
    private volatile long bytes;
    /** Bytes of the parts already done, which {@link #streamed} adds the current part's to. */
    private volatile long finishedParts;

    /** The result: completes when the job ended, exceptionally when it failed or was cancelled. */
    public CompletableFuture<T> result() {
        return result;
    }

    /** Asks the job to stop at its next chunk; true unless it had ended already. */
    public boolean cancel() {
        cancelled = !result.isDone();
        if (cancelled) {
            onCancel.forEach(Runnable::run);
        }
        return cancelled;
    }

    /** A job made of others (a clone: a backup, then a restore) passes its cancel on to them. */
    void onCancel(Runnable action) {
        onCancel.add(action);
        if (cancelled) {
            action.run();
        }
    }

    /** Shows another job's progress as this one's (the current step of a clone). */
    void follow(Progress other) {
        step = other.step();
        bytes = other.bytes();
        tell();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public Progress progress() {
        return new Progress(step, bytes);
    }

    /** Tells {@code listener} of every step and byte count from now on. */
    public void onProgress(Consumer<Progress> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    void step(String words) {
        finishedParts = bytes;
        step = words;
        tell();
    }

    /** The current part has streamed {@code partBytes} so far. */
    void streamed(long partBytes) {
        bytes = finishedParts + partBytes;
        tell();
    }

    /** Throws when the job was cancelled: called between steps. */
    void checkNotCancelled() {
        if (cancelled) {
            throw new CancellationException("cancelled");
        }
    }

    void complete(T value) {
        result.complete(value);
    }

    void fail(Throwable error) {
        result.completeExceptionally(error);
    }

    private void tell() {
        Progress now = progress();
        listeners.forEach(l -> l.accept(now));
    }
}
