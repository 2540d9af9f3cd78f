package dev.storefleet.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue every store operation runs on in the background (provisioning, upgrade, rollback,
 * delete, verification): at most {@code maxInFlight} stores at once, one operation per store at a
 * time, in the order they were queued (a second one waits for the first without holding a worker
 * while it waits).
 */
public final class StoreWorkQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWorkQueue.class);

    private final ThreadPoolExecutor workers;
    /** The last operation queued per store; the next one for that store chains behind it. */
    private final Map<Long, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    /** The operation running for a store right now, to cancel. */
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    /** The operation the current worker thread runs; null on other threads. */
    private final ThreadLocal<Running> current = new ThreadLocal<>();

    public StoreWorkQueue(int maxInFlight) {
        this.workers = new ThreadPoolExecutor(maxInFlight, maxInFlight, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), namedDaemonThreads());
    }

    /** Queues {@code work} for {@code storeId}; the future completes when it has run. */
    public CompletableFuture<Void> submit(long storeId, String operation, Runnable work) {
        Runnable logged = () -> {
            if (workers.isShutdown()) {
                // Queued before the console began to close: its store is left in a state that
                // start-up reconciliation resumes.
                LOG.info("{} of store {} not started: the console is closing", operation, storeId);
                return;
            }
            Running operationState = new Running(Thread.currentThread());
            running.put(storeId, operationState);
            current.set(operationState);
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                LOG.error("{} of store {} ended with an unexpected error", operation, storeId, e);
                throw e;
            } finally {
                current.remove();
                running.remove(storeId, operationState);
                operationState.finished();
            }
        };
        CompletableFuture<Void> next = tails.compute(storeId, (id, previous) -> {
            CompletableFuture<Void> after = previous == null
                    ? CompletableFuture.completedFuture(null)
                    : previous.handle((ok, error) -> null);
            return after.thenRunAsync(logged, workers);
        });
        next.whenComplete((ok, error) -> tails.remove(storeId, next));
        return next;
    }

    /**
     * Asks the operation running for the store, if any, to stop: it stops at its next step, or
     * at once when it is waiting on the cluster (a Helm call already inside the cluster finishes
     * first). Queued ones still run. Returns false when nothing was running.
     */
    public boolean cancelRunning(long storeId) {
        Running operation = running.get(storeId);
        return operation != null && operation.cancel();
    }

    /** True when the operation the calling worker runs was asked to stop (false off the workers). */
    public boolean isCancelled() {
        Running operation = current.get();
        return operation != null && operation.isCancelled();
    }

    /**
     * Runs a call to the cluster that a cancel may interrupt. Everywhere else a cancel waits for
     * the next step: an interrupt that lands in a database call would turn into a lock timeout
     * there, or close H2's file for every thread. Off the workers it simply runs {@code call}.
     */
    public <T> T interruptibly(Supplier<T> call) {
        Running operation = current.get();
        if (operation == null) {
            return call.get();
        }
        operation.enterInterruptible();
        try {
            return call.get();
        } finally {
            operation.leaveInterruptible();
        }
    }

    /** {@link #interruptibly(Supplier)} for a call with no result. */
    public void interruptibly(Runnable call) {
        interruptibly(() -> {
            call.run();
            return null;
        });
    }

    /** True while an operation for the store is queued or running. */
    public boolean isBusy(long storeId) {
        return tails.containsKey(storeId);
    }

    /** Waits until nothing is queued or running (used by tests and at shutdown). */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!tails.isEmpty()) {
            List<CompletableFuture<Void>> pending = new ArrayList<>(tails.values());
            for (CompletableFuture<Void> future : pending) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    future.get(left, TimeUnit.NANOSECONDS);
                } catch (ExecutionException ignored) {
                    // the operation logged its own failure
                } catch (TimeoutException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True once {@link #close()} began: a stopped operation is being shut down, not cancelled. */
    public boolean isShuttingDown() {
        return workers.isShutdown();
    }

    /** After {@link #close()}: waits for workers still inside a call that could not be interrupted. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops taking work; queued operations do not start (their stores are left in a state that
     * start-up reconciliation resumes). Running ones get 5 s to finish, then are cancelled as an
     * operator's cancel would: interrupted only where they wait on the cluster, never inside a
     * database call, so what they write on the way out is written whole.
     */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                running.values().forEach(Running::cancel);
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.values().forEach(Running::cancel);
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory namedDaemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "storefleet-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * One running operation: its worker, whether a cancel was asked for, and whether the worker
     * is inside a call that may be interrupted. The interrupt is given only there, under the same
     * lock that marks the way in and out, so it can never land anywhere else.
     */
    private static final class Running {
        private final Thread worker;
        private boolean cancelled;
        private boolean interruptible;
        private boolean done;

        Running(Thread worker) {
            this.worker = worker;
        }

        synchronized boolean cancel() {
            if (done) {
                return false;
            }
            cancelled = true;
            if (interruptible) {
                worker.interrupt();
            }
            return true;
        }

        synchronized boolean isCancelled() {
            return cancelled;
        }

        synchronized void enterInterruptible() {
            interruptible = true;
            if (cancelled) {
                worker.interrupt();
            }
        }

        synchronized void leaveInterruptible() {
            interruptible = false;
            Thread.interrupted(); // a cancel that came in here is kept in 'cancelled', not in the flag
        }

        synchronized void finished() {
            done = true;
            Thread.interrupted();
        }
    }
}
