package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProvisioningExecutorTest {

    @Test
    void operationsOfOneStoreRunInOrderOneAtATime() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        try (ProvisioningExecutor executor = new ProvisioningExecutor(4)) {
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
        try (ProvisioningExecutor executor = new ProvisioningExecutor(3)) {
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
}
