package dev.storefleet.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs store operations in the background: at most {@code maxInFlight} at once, and never two
 * for the same store at the same time (a second one waits for the first, in order, without
 * holding a worker while it waits).
 */
public final class ProvisioningExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningExecutor.class);

    private final ExecutorService workers;
    /** The last operation queued per store; the next one for that store chains behind it. */
    private final Map<Long, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    /** The worker thread running an operation for a store right now, to interrupt on cancel. */
    private final Map<Long, Thread> running = new ConcurrentHashMap<>();

    public ProvisioningExecutor(int maxInFlight) {
        this.workers = Executors.newFixedThreadPool(maxInFlight, namedDaemonThreads());
    }

    /** Queues {@code work} for {@code storeId}; the future completes when it has run. */
    public CompletableFuture<Void> submit(long storeId, String operation, Runnable work) {
        Runnable logged = () -> {
            running.put(storeId, Thread.currentThread());
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                LOG.error("{} of store {} ended with an unexpected error", operation, storeId, e);
                throw e;
            } finally {
                synchronized (running) {
                    running.remove(storeId);
                    Thread.interrupted(); // a late cancel must not leak into the worker's next job
                }
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
     * Interrupts the operation running for the store, if any: it stops at its next step or
     * wait (a Helm call already inside the cluster finishes first). Queued ones still run.
     */
    public boolean cancelRunning(long storeId) {
        synchronized (running) {
            Thread worker = running.get(storeId);
            if (worker == null) {
                return false;
            }
            worker.interrupt();
            return true;
        }
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

    /** True once {@link #close()} began: an interrupted operation is being shut down, not cancelled. */
    public boolean isShuttingDown() {
        return workers.isShutdown();
    }

    /** After {@link #close()}: waits for workers still inside a call that could not be interrupted. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops taking work and waits a little for running operations; the rest are interrupted. */
    @Override
    public void close() {
        Shutdown.gracefully(workers, Duration.ofSeconds(5));
    }

    private static ThreadFactory namedDaemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "storefleet-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
