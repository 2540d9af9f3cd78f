package dev.storefleet.viewmodel;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Turns a burst of "something changed" into few refreshes: the first request waits a short
 * debounce, requests meanwhile join it, at most one refresh is in flight, and requests that
 * arrive while it runs cause exactly one more afterwards (so the last change is never missed).
 * Thread-safe: events arrive on worker threads. The refresh starts on the thread {@code debounced}
 * runs it on (or the caller's, for {@link #requestNow}).
 */
public final class CoalescingRefresh {
    private enum State { IDLE, SCHEDULED, RUNNING, RUNNING_AND_DIRTY }

    private final Executor debounced;
    private final Supplier<CompletableFuture<?>> refresh;
    private State state = State.IDLE;
    /** Completes when the next refresh to start has finished. */
    private CompletableFuture<Void> next = new CompletableFuture<>();

    /**
     * @param debounced runs a task after the debounce (e.g. {@code CompletableFuture.delayedExecutor})
     * @param refresh   starts one refresh; its future completes when the result has been applied
     */
    public CoalescingRefresh(Executor debounced, Supplier<CompletableFuture<?>> refresh) {
        this.debounced = Objects.requireNonNull(debounced);
        this.refresh = Objects.requireNonNull(refresh);
    }

    /** Asks for a refresh after the debounce; the future completes once one that covers this request has run. */
    public synchronized CompletableFuture<Void> request() {
        switch (state) {
            case IDLE -> {
                state = State.SCHEDULED;
                debounced.execute(this::fire);
            }
            case RUNNING -> state = State.RUNNING_AND_DIRTY;
            default -> {
                // SCHEDULED or RUNNING_AND_DIRTY: a refresh that covers this request is already coming
            }
        }
        return next;
    }

    /**
     * Asks for a refresh now: one waiting for its debounce starts at once (its delayed start then
     * finds nothing to do); while one runs, this joins the follow-up.
     */
    public CompletableFuture<Void> requestNow() {
        CompletableFuture<Void> result;
        synchronized (this) {
            if (state == State.RUNNING || state == State.RUNNING_AND_DIRTY) {
                return request();
            }
            state = State.SCHEDULED;
            result = next;
        }
        fire();
        return result;
    }

    /** Starts the refresh if one is due; a late, stale start finds the state moved on and does nothing. */
    private void fire() {
        CompletableFuture<Void> running;
        synchronized (this) {
            if (state != State.SCHEDULED) {
                return;
            }
            state = State.RUNNING;
            running = next;
            next = new CompletableFuture<>();
        }
        CompletableFuture<?> done;
        try {
            done = refresh.get();
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((ok, failure) -> finished(running));
    }

    private void finished(CompletableFuture<Void> ran) {
        boolean again;
        synchronized (this) {
            again = state == State.RUNNING_AND_DIRTY;
            state = again ? State.SCHEDULED : State.IDLE;
        }
        ran.complete(null);
        if (again) {
            debounced.execute(this::fire);
        }
    }
}
