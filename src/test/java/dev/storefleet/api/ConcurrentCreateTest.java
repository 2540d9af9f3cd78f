package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.service.port.AuditLog;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Parallel creates through the API: the quota and name uniqueness stay exact. */
@Timeout(120)
class ConcurrentCreateTest extends ApiFixtureTest {
    @Test
    void twentyParallelCreatesForOneOwnerMakeExactlyThreeStores() throws Exception {
        List<HttpResponse<String>> responses = parallel(20, i -> fx.send("POST", "/api/stores", "script",
                "{\"name\":\"Rush " + i + "\",\"owner\":\"dana\"}"));
        Map<Integer, Integer> statuses = countStatuses(responses);
        assertEquals(Map.of(201, 3, 403, 17), statuses, () -> bodies(responses));
        responses.stream().filter(r -> r.statusCode() == 403)
                .forEach(r -> assertEquals("quota", ApiFixture.json(r).path("error").asString()));

        List<Store> stores = fx.app.stores().list();
        assertEquals(3, stores.size());
        assertTrue(stores.stream().allMatch(s -> s.owner().equals("dana")));
        assertEquals(17, fx.app.audit().page(new AuditLog.AuditQuery(null, null, ActionType.CREATE, 0, 100)).stream()
                .filter(e -> e.outcome() == Outcome.REJECTED).count(), "every refusal audited");
        fx.settle();
    }

    @Test
    void parallelCreatesOfOneNameMakeExactlyOneStore() throws Exception {
        List<HttpResponse<String>> responses = parallel(10, i -> fx.send("POST", "/api/stores", "script",
                "{\"name\":\"Same Name\",\"owner\":\"owner-" + i + "\"}"));
        assertEquals(Map.of(201, 1, 400, 9), countStatuses(responses), () -> bodies(responses));
        responses.stream().filter(r -> r.statusCode() == 400)
                .forEach(r -> assertEquals("conflict", ApiFixture.json(r).path("error").asString()));
        assertEquals(1, fx.app.stores().list().size());
        fx.settle();
    }

    interface Call {
        HttpResponse<String> send(int i) throws Exception;
    }

    /** Fires {@code n} requests at once (released together by a latch) on separate connections. */
    private static List<HttpResponse<String>> parallel(int n, Call call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        return call.send(index);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }

    private static Map<Integer, Integer> countStatuses(List<HttpResponse<String>> responses) {
        Map<Integer, Integer> counts = new TreeMap<>();
        responses.forEach(r -> counts.merge(r.statusCode(), 1, Integer::sum));
        return counts;
    }

    private static String bodies(List<HttpResponse<String>> responses) {
        return responses.stream().map(r -> r.statusCode() + " " + r.body()).toList().toString();
    }
}
