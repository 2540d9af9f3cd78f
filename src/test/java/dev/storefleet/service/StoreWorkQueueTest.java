package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StoreWorkQueueTest {

    @Test
    void operationsOfOneStoreRunInOrderOneAtATime() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        try (StoreWorkQueue executor = new StoreWorkQueue(4)) {
            for (int i = 0; i < 20; i++) {
                int n = i;
                executor.submit(7, "op" + n, () -> {
                    if (inside.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    sleep(2);
                    log.add("op" + n);
                    inside.decrementAndGet();
                });
            }
            assertTrue(executor.awaitIdle(Duration.ofSeconds(10)));
        }
        assertEquals(0, overlaps.get());
        assertEquals(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "op" + i).toList(), log);
    }

    @Test
    void atMostMaxInFlightStoresAtOnceAndAFailureDoesNotBlockTheNext() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger afterFailure = new AtomicInteger();
        try (StoreWorkQueue executor = new StoreWorkQueue(3)) {
            for (long store = 0; store < 12; store++) {
                executor.submit(store, "work", () -> {
                    peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    sleep(20);
                    inside.decrementAndGet();
                });
            }
            executor.submit(100, "boom", () -> {
                throw new IllegalStateException("boom");
            });
            executor.submit(100, "after", afterFailure::incrementAndGet);
            assertTrue(executor.awaitIdle(Duration.ofSeconds(10)));
            assertFalse(executor.isBusy(100));
        }
        assertEquals(3, peak.get());
        assertEquals(1, afterFailure.get());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCancelInterruptsOnlyInsideInterruptibleCallsAndIsNotLostOutsideThem() throws Exception {
        java.util.concurrent.CountDownLatch working = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger interruptsSeenOutside = new AtomicInteger();
        List<String> log = new CopyOnWriteArrayList<>();
        try (StoreWorkQueue executor = new StoreWorkQueue(1)) {
            executor.submit(1, "work", () -> {
                working.countDown();
                await(cancelled);
                long until = System.nanoTime() + 50_000_000;
                while (System.nanoTime() < until) { // stands for a database call
                    if (Thread.currentThread().isInterrupted()) {
                        interruptsSeenOutside.incrementAndGet();
                    }
                }
                log.add("cancelled seen: " + executor.isCancelled());
                try {
                    executor.interruptibly(() -> { // stands for a wait on the cluster
                        try {
                            Thread.sleep(10_000);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    log.add("slept");
                } catch (IllegalStateException e) {
                    log.add("interrupted at once");
                }
                log.add("flag after: " + Thread.currentThread().isInterrupted());
            });
            await(working);
            assertTrue(executor.cancelRunning(1));
            cancelled.countDown();
            assertTrue(executor.awaitIdle(Duration.ofSeconds(5)));
            assertFalse(executor.cancelRunning(1), "nothing runs any more");
        }
        assertEquals(0, interruptsSeenOutside.get(), "no interrupt outside an interruptible call");
        assertEquals(List.of("cancelled seen: true", "interrupted at once", "flag after: false"), log);
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, java.util.concurrent.TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
