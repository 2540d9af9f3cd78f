package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ConflictException;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.QuotaExceededException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The quota and name uniqueness hold when creates race each other on the real database. */
@Timeout(60)
class ConcurrencyTest extends ServiceFixtureTest {
    @Test
    void twentyParallelCreatesForOneOwnerLeaveExactlyThree() throws Exception {
        List<Object> outcomes = race(20, i -> new NewStoreRequest("Shop " + i, "alice", null, null));
        assertEquals(3, count(outcomes, Store.class));
        assertEquals(17, count(outcomes, QuotaExceededException.class), "the rest are quota errors, not failures");
        fx.settle();
        assertEquals(3, fx.stores().list().size());
        assertEquals(3, fx.countRows("store"));
    }

    @Test
    void tenParallelCreatesOfOneNameLeaveExactlyOne() throws Exception {
        List<Object> outcomes = race(10, i -> new NewStoreRequest(i % 2 == 0 ? "Same Shop" : "same-shop",
                "owner-" + i, null, null));
        assertEquals(1, count(outcomes, Store.class));
        assertEquals(9, count(outcomes, ConflictException.class), "the rest are conflicts");
        fx.settle();
        assertEquals(1, fx.countRows("store"));
    }

    @Test
    void manyOwnersAtOnceEachGetTheirThree() throws Exception {
        List<Object> outcomes = race(24, i -> new NewStoreRequest("Shop " + i, "owner-" + (i % 6), null, null));
        assertEquals(18, count(outcomes, Store.class), "6 owners x 3");
        assertEquals(6, count(outcomes, QuotaExceededException.class));
    }

    /** Starts all creates together; each outcome is the Store or the StoreException. */
    private List<Object> race(int n, IntFunction<NewStoreRequest> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return (Object) fx.stores().create(request.apply(index), "racer-" + index);
                    } catch (StoreException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long count(List<Object> outcomes, Class<?> type) {
        return outcomes.stream().filter(type::isInstance).count();
    }
}
