package dev.storefleet.viewmodel;

import dev.storefleet.testing.Eventually;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A background pool and one "FX" thread of their own, for view-model tests where the code under
 * test has threads: what the view-model does on the UI thread runs on {@code test-fx}, its
 * background work on {@code test-background} threads. {@link #hold()} keeps background work from
 * starting until the test lets it.
 */
public final class TestThreads implements AutoCloseable {
    private final ExecutorService background = Executors.newCachedThreadPool(r -> new Thread(r, "test-background"));
    private final ExecutorService fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-fx"));
    private volatile CountDownLatch gate = new CountDownLatch(0);

    /** The executors to give the view-model: background work waits at the gate of {@link #hold()}. */
    public UiExecutors executors() {
        Executor gated = task -> background.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            task.run();
        });
        return new UiExecutors(gated, fx::execute);
    }

    /** Background work started from now on waits until the latch is counted down. */
    public CountDownLatch hold() {
        CountDownLatch held = new CountDownLatch(1);
        gate = held;
        return held;
    }

    /** Runs {@code read} on the "FX" thread; fails if that thread is held up for more than 10 s. */
    public <T> T onFx(Callable<T> read) throws Exception {
        return fx.submit(read).get(10, TimeUnit.SECONDS);
    }

    public void awaitOnFx(String what, Callable<Boolean> condition) throws Exception {
        Eventually.await(what, () -> onFx(condition));
    }

    @Override
    public void close() throws InterruptedException {
        gate.countDown();
        for (ExecutorService pool : List.of(background, fx)) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
