package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static dev.storefleet.api.ApiFixture.expectError;
import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreApiException.Step;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.testing.Eventually;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The order routes over real HTTP, against the real services, database and Helm on the test
 * Kubernetes API, with the stores' own APIs played by the fixture's FakeStoreOrders: what a
 * script sees, what reached the store, and what the console audited.
 */
@Timeout(120)
class OrderRoutesTest extends SharedStoreApiTest {

    @BeforeEach
    void freshStoreApi() throws Exception {
        fx.settle();
        fx.storeOrders.reset();
    }

    @Test
    void aTestOrderAnswersCreatedWithTheOrderAndWhereToReadIt() throws Exception {
        long placedBefore = expect(200, fx.get("/stores/metrics")).path("ordersPlaced").asLong();
        HttpResponse<String> response = fx.send("POST", "/api/orders", "carol", "{\"storeId\": " + storeId + "}");
        JsonNode order = expect(201, response);
        String orderId = order.path("orderId").asString();
        assertTrue(orderId.startsWith("o-"), order.toString());
        assertEquals(storeId, order.path("storeId").asLong());
        assertTrue(order.path("number").asString().startsWith("#"), order.toString());
        assertEquals("pending", order.path("status").asString());
        assertEquals("12.00", order.path("total").asString(), "one piece, a decimal string as the store prints it");
        assertEquals("USD", order.path("currency").asString());
        assertNotNull(Instant.parse(order.path("createdAt").asString()));
        String location = response.headers().firstValue("Location").orElseThrow();
        assertEquals("/api/stores/" + storeId + "/orders/" + orderId, location);
        assertEquals(List.of("place " + SHOP), fx.storeOrders.calls, "the default quantity is 1");

        assertEquals(order, expect(200, fx.get(location)), "the Location reads the same order back");

        AuditEvent row = latest(ActionType.ORDER_PLACED);
        assertEquals(Outcome.SUCCESS, row.outcome());
        assertEquals("carol", row.actor(), "the token's user is the audited actor");
        assertEquals(storeId, row.storeId());
        assertTrue(row.detail().contains(orderId), row.detail());
        assertEquals(placedBefore + 1, expect(200, fx.get("/stores/metrics")).path("ordersPlaced").asLong());
    }

    @Test
    void theQuantityGivenReachesTheStore() throws Exception {
        expect(201, fx.post("/api/orders", "{\"storeId\": " + storeId + ", \"quantity\": 3}"));
        expect(201, fx.post("/api/orders", "{\"quantity\": 10, \"storeId\": " + storeId + "}"));
        expect(201, fx.post("/api/orders", "{\"storeId\": " + storeId + ", \"quantity\": null}"));
        assertEquals(List.of("place " + SHOP + " x3", "place " + SHOP + " x10", "place " + SHOP), fx.storeOrders.calls);
    }

    @Test
    void aQuantityOutsideOneToTenIsAValidationErrorThatNeverReachesTheStore() throws Exception {
        long auditRows = fx.countRows("audit_event");
        for (int wrong : new int[] {0, 11, -1}) {
            JsonNode error = expectError(400, "validation",
                    fx.post("/api/orders", "{\"storeId\": " + storeId + ", \"quantity\": " + wrong + "}"));
            assertEquals("quantity", error.path("fields").get(0).path("field").asString(), error.toString());
            assertTrue(error.path("message").asString().contains("1 to 10"), error.toString());
        }
        assertEquals(List.of(), fx.storeOrders.calls);
        assertEquals(auditRows, fx.countRows("audit_event"));
    }

    @Test
    void aStoreApiFailureIsABadGatewayWithTheStepInOneWordAndInWords() throws Exception {
        fx.storeOrders.failNext = new StoreApiException(Step.NO_PRODUCT, "WooCommerce store 'Shared Shop', looking"
                + " for a product in stock: no published product is in stock.");
        JsonNode error = expectError(502, "store_api", fx.send("POST", "/api/orders", "dave",
                "{\"storeId\": " + storeId + "}"));
        assertEquals("no_product", error.path("step").asString());
        String message = error.path("message").asString();
        assertTrue(message.startsWith("The store has no product that can be ordered. "), message);
        assertTrue(message.contains("no published product is in stock"), message);
        AuditEvent row = latest(ActionType.ORDER_PLACED);
        assertEquals(Outcome.FAILURE, row.outcome());
        assertEquals("dave", row.actor());

        fx.storeOrders.failNext = new StoreApiException(Step.UNREACHABLE, "Store 'Shared Shop' is not reachable.");
        JsonNode listing = expectError(502, "store_api", fx.get("/api/stores/" + storeId + "/orders"));
        assertEquals("unreachable", listing.path("step").asString());
    }

    @Test
    void ordersAreListedNewestFirstAndReadOneByOne() throws Exception {
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            placed.add(0, expect(201, fx.post("/api/orders", "{\"storeId\": " + storeId + "}")).path("orderId").asString());
        }
        JsonNode all = expect(200, fx.get("/api/stores/" + storeId + "/orders"));
        assertEquals(placed, orderIds(all));
        JsonNode first = all.get(0);
        for (String field : List.of("orderId", "storeId", "number", "status", "total", "currency", "createdAt")) {
            assertTrue(first.has(field), field + " in " + first);
        }
        assertEquals(placed.subList(0, 2), orderIds(expect(200, fx.get("/api/stores/" + storeId + "/orders?limit=2"))));

        JsonNode one = expect(200, fx.get("/api/stores/" + storeId + "/orders/" + placed.get(1)));
        assertEquals(placed.get(1), one.path("orderId").asString());
        assertEquals(first.path("total"), one.path("total"));

        JsonNode missing = expectError(404, "not_found", fx.get("/api/stores/" + storeId + "/orders/o-999"));
        assertEquals("not_found", missing.path("step").asString(), "the store said it has no such order");
        assertTrue(missing.path("message").asString().contains("o-999"), missing.toString());

        for (String query : new String[] {"limit=0", "limit=101", "limit=ten", "size=5", "limit=1&limit=2"}) {
            expectError(400, query.startsWith("limit=1&") ? "bad_request" : "validation",
                    fx.get("/api/stores/" + storeId + "/orders?" + query));
        }
    }

    @Test
    void aStoreThatIsNotReadyTakesNoOrdersAndTheRefusalIsAudited() throws Exception {
        fx.kube.failNext("POST", "/deployments$", 500, 1);
        long broken = fx.create("Broken Order Shop", "bob");
        fx.awaitStatus(broken, StoreStatus.FAILED);
        try {
            JsonNode refused = expectError(400, "invalid_state",
                    fx.send("POST", "/api/orders", "erin", "{\"storeId\": " + broken + "}"));
            assertTrue(refused.path("message").asString().contains("failed"), refused.toString());
            AuditEvent row = latest(ActionType.ORDER_PLACED);
            assertEquals(Outcome.REJECTED, row.outcome());
            assertEquals("erin", row.actor());
            assertEquals(broken, row.storeId());

            expectError(400, "invalid_state", fx.get("/api/stores/" + broken + "/orders"));
            expectError(400, "invalid_state", fx.get("/api/stores/" + broken + "/orders/o-1"));
            expectError(400, "invalid_state", fx.send("POST", "/api/stores/" + broken + "/verify", "erin", null));
            AuditEvent verifyRow = latest(ActionType.STORE_VERIFIED);
            assertEquals(Outcome.REJECTED, verifyRow.outcome());
            assertEquals("erin", verifyRow.actor());
            assertEquals(List.of(), fx.storeOrders.calls, "the store's API was never called");
        } finally {
            fx.app.stores().delete(broken, "cleanup");
            fx.settle();
        }
    }

    @Test
    void aPassedCheckAnswersItsResultAndTheStoreShowsIt() throws Exception {
        JsonNode store = expect(200, fx.get("/api/stores/" + storeId));
        assertTrue(store.has("lastVerification"), store.toString());

        JsonNode result = expect(200, fx.send("POST", "/api/stores/" + storeId + "/verify", "dave", null));
        assertEquals("passed", result.path("state").asString());
        assertTrue(result.path("ok").asBoolean());
        Instant at = Instant.parse(result.path("verifiedAt").asString());
        assertTrue(result.path("durationMs").asLong() >= 0, result.toString());
        assertTrue(result.path("detail").asString().contains("placed and listed"), result.toString());
        assertEquals(List.of("place " + SHOP, "list " + SHOP), fx.storeOrders.calls);

        JsonNode shown = expect(200, fx.get("/api/stores/" + storeId)).path("lastVerification");
        assertEquals(result, shown, "the store view carries the last check");
        assertEquals(at, fx.store(storeId).lastVerification().at());
        assertEquals(result, expect(200, fx.get("/api/stores/" + storeId + "/verification")));

        AuditEvent row = latest(ActionType.STORE_VERIFIED);
        assertEquals(Outcome.SUCCESS, row.outcome());
        assertEquals("dave", row.actor());
        assertEquals(result.path("durationMs").asLong(), row.durationMs());
        assertEquals("dave", latest(ActionType.ORDER_PLACED).actor(), "the check's order is audited too");
    }

    @Test
    void aFailedCheckIsAResultNotAnError() throws Exception {
        fx.storeOrders.failNext = new StoreApiException(Step.UNREACHABLE, "cannot connect to http://order-storeId.stores.test");
        JsonNode failed = expect(200, fx.send("POST", "/api/stores/" + storeId + "/verify", "erin", null));
        assertEquals("failed", failed.path("state").asString());
        assertFalse(failed.path("ok").asBoolean());
        assertTrue(failed.path("detail").asString().contains("unreachable"), failed.toString());
        assertTrue(failed.path("detail").asString().contains("could not be reached"), failed.toString());
        assertEquals(failed, expect(200, fx.get("/api/stores/" + storeId)).path("lastVerification"));
        AuditEvent row = latest(ActionType.STORE_VERIFIED);
        assertEquals(Outcome.FAILURE, row.outcome());
        assertEquals("erin", row.actor());

        fx.storeOrders.hideFromList = true;
        JsonNode notListed = expect(200, fx.post("/api/stores/" + storeId + "/verify", null));
        assertFalse(notListed.path("ok").asBoolean());
        assertTrue(notListed.path("detail").asString().contains("not_listed"), notListed.toString());
    }

    @Test
    void aCheckThatOutlastsTheWaitAnswersAcceptedWithWhereToPoll() throws Exception {
        fx.storeOrders.hold();
        HttpResponse<String> response = fx.post("/api/stores/" + storeId + "/verify?wait=0", null);
        JsonNode accepted = expect(202, response);
        assertEquals("running", accepted.path("state").asString());
        assertFalse(accepted.has("ok"), "no result yet: " + accepted);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertEquals("/api/stores/" + storeId + "/verification", location);
        assertTrue(fx.storeOrders.awaitPlacementHeld());
        assertEquals("running", expect(200, fx.get(location)).path("state").asString());

        fx.storeOrders.release();
        fx.settle();
        JsonNode done = expect(200, fx.get(location));
        assertEquals("passed", done.path("state").asString(), done.toString());
        assertEquals(done, expect(200, fx.get("/api/stores/" + storeId)).path("lastVerification"));

        for (String query : new String[] {"wait=-1", "wait=61", "wait=soon", "timeout=5"}) {
            expectError(400, "validation", fx.post("/api/stores/" + storeId + "/verify?" + query, null));
        }
    }

    @Test
    void twoChecksOfOneStoreAtOnceRunOneAfterTheOtherAndBothAnswer() throws Exception {
        fx.storeOrders.hold();
        CompletableFuture<HttpResponse<String>> first = verifyAsync(storeId, "erin");
        CompletableFuture<HttpResponse<String>> second = verifyAsync(storeId, "frank");
        assertTrue(fx.storeOrders.awaitPlacementHeld());
        awaitRequestsWaitingForACheck(2);
        assertEquals(List.of("place " + SHOP), fx.storeOrders.calls, "the second check waits for the first");
        fx.storeOrders.release();

        JsonNode a = expect(200, first.get(60, TimeUnit.SECONDS));
        JsonNode b = expect(200, second.get(60, TimeUnit.SECONDS));
        assertTrue(a.path("ok").asBoolean() && b.path("ok").asBoolean(), a + " " + b);
        assertNotEquals(a.path("detail"), b.path("detail"), "each answer is its own check");
        assertEquals(0, fx.storeOrders.overlaps(), "never two calls for one store at once");
        assertEquals(List.of("place " + SHOP, "list " + SHOP, "place " + SHOP, "list " + SHOP),
                fx.storeOrders.calls);
        List<AuditEvent> checks = rows(ActionType.STORE_VERIFIED, 2);
        assertEquals(Set.of("erin", "frank"), checks.stream().map(AuditEvent::actor).collect(Collectors.toSet()));
        assertTrue(checks.stream().allMatch(r -> r.outcome() == Outcome.SUCCESS), checks.toString());
        assertEquals("passed", expect(200, fx.get("/api/stores/" + storeId + "/verification")).path("state").asString());
    }

    /** Waiting requests hold server workers: past half of them, a check answers 202 at once. */
    @Test
    void checksPastHalfTheWorkersAnswerAcceptedAtOnceAndTheOtherRoutesStayAnswered() throws Exception {
        fx.storeOrders.hold();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(
                OrderRoutes.MAX_WAITING);
        try {
            List<CompletableFuture<HttpResponse<String>>> waitingOnes = new java.util.ArrayList<>();
            for (int i = 0; i < OrderRoutes.MAX_WAITING; i++) {
                waitingOnes.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return fx.send("POST", "/api/stores/" + storeId + "/verify?wait=30", "ida", null);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, clients));
            }
            assertTrue(fx.storeOrders.awaitPlacementHeld());
            awaitRequestsWaitingForACheck(OrderRoutes.MAX_WAITING);

            long t0 = System.nanoTime();
            JsonNode extra = expect(202, fx.post("/api/stores/" + storeId + "/verify?wait=30", null));
            assertEquals("running", extra.path("state").asString());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "answered without waiting its 30 s");
            expect(200, fx.get("/api/stores/" + storeId));

            fx.storeOrders.release();
            for (CompletableFuture<HttpResponse<String>> answer : waitingOnes) {
                expect(200, answer.get(60, TimeUnit.SECONDS));
            }
            // the accepted check runs after the others
            assertEquals("passed", Eventually.until(OrderRoutesTest::verificationState, s -> !s.equals("running"),
                    Duration.ofSeconds(60)));
        } finally {
            fx.storeOrders.release();
            clients.shutdownNow();
        }
    }

    @Test
    void aCheckWhoseStoreLeftReadyWhileItWaitedIsCancelledAndSaysWhy() throws Exception {
        long id = fx.create("Upgraded Order Shop", "bob");
        fx.awaitStatus(id, StoreStatus.READY);
        try {
            fx.storeOrders.hold();
            expect(202, fx.post("/api/stores/" + id + "/verify?wait=0", null));
            assertTrue(fx.storeOrders.awaitPlacementHeld());
            expect(202, fx.post("/api/stores/" + id + "/verify?wait=0", null)); // queued while the store is READY
            expect(202, fx.post("/api/stores/" + id + "/upgrade", null)); // queued behind it, UPGRADING at once
            assertEquals("running", expect(200, fx.get("/api/stores/" + id + "/verification")).path("state").asString());

            fx.storeOrders.release();
            fx.awaitStatus(id, StoreStatus.READY);
            JsonNode cancelled = expect(200, fx.get("/api/stores/" + id + "/verification"));
            assertEquals("cancelled", cancelled.path("state").asString(), cancelled.toString());
            assertTrue(cancelled.path("detail").asString().contains("upgrading"), cancelled.toString());
            assertTrue(rows(ActionType.STORE_VERIFIED, 5).stream().anyMatch(r -> r.outcome() == Outcome.REJECTED
                    && r.detail().contains("upgrading")), "the check that could not run is audited as REJECTED");
            assertEquals("passed", expect(200, fx.get("/api/stores/" + id)).path("lastVerification").path("state")
                    .asString(), "the first check's result is kept");

            expect(200, fx.post("/api/stores/" + id + "/verify", null));
            assertEquals("passed", expect(200, fx.get("/api/stores/" + id + "/verification")).path("state").asString(),
                    "a newer result replaces the cancellation");
        } finally {
            fx.app.stores().delete(id, "cleanup");
            fx.settle();
        }
    }

    @Test
    void aCheckWhoseStoreIsDeletedWhileTheRequestWaitsIsAnErrorNotAResult() throws Exception {
        long id = fx.create("Doomed Order Shop", "bob");
        fx.awaitStatus(id, StoreStatus.READY);
        assertEquals("none", expect(200, fx.get("/api/stores/" + id + "/verification")).path("state").asString());
        long auditRejected = rows(ActionType.STORE_VERIFIED, 100).stream()
                .filter(r -> r.outcome() == Outcome.REJECTED).count();

        fx.storeOrders.hold();
        expect(202, fx.post("/api/stores/" + id + "/verify?wait=0", null));
        assertTrue(fx.storeOrders.awaitPlacementHeld());
        CompletableFuture<HttpResponse<String>> waiting = verifyAsync(id, "gina");
        awaitRequestsWaitingForACheck(1); // accepted while READY, queued behind the first
        expect(202, fx.send("DELETE", "/api/stores/" + id, "ops", null));
        fx.storeOrders.release();

        JsonNode refused = expectError(400, "invalid_state", waiting.get(60, TimeUnit.SECONDS));
        assertTrue(refused.path("message").asString().contains("deleting"), refused.toString());
        assertEquals(auditRejected + 1, rows(ActionType.STORE_VERIFIED, 100).stream()
                .filter(r -> r.outcome() == Outcome.REJECTED).count(),
                "accepted at the door, refused (and audited once) when its turn came");
        fx.settle();
        expectError(404, "not_found", fx.get("/api/stores/" + id + "/verification"));
    }

    private static CompletableFuture<HttpResponse<String>> verifyAsync(long storeId, String user) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return fx.send("POST", "/api/stores/" + storeId + "/verify?wait=30", user, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Waits until {@code n} request threads of the server are inside {@code POST .../verify}, waiting
     * for their check's result: the checks were accepted and are queued or running.
     */
    private static void awaitRequestsWaitingForACheck(int n) throws Exception {
        Eventually.await(n + " verify requests to reach their wait", Duration.ofSeconds(30),
                () -> requestsWaitingForACheck() >= n, () -> requestsWaitingForACheck() + " did");
    }

    private static long requestsWaitingForACheck() {
        return Thread.getAllStackTraces().values().stream().filter(stack -> Arrays.stream(stack).anyMatch(
                f -> f.getClassName().equals(OrderRoutes.class.getName()) && f.getMethodName().equals("verify"))
                && Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(CompletableFuture.class.getName())
                        && f.getMethodName().equals("timedGet")))
                .count();
    }

    /** The state of the store's latest check, as the API answers it. */
    private static String verificationState() {
        try {
            return expect(200, fx.get("/api/stores/" + storeId + "/verification")).path("state").asString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> orderIds(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(order -> ids.add(order.path("orderId").asString()));
        return ids;
    }

    private static AuditEvent latest(ActionType action) {
        return rows(action, 1).get(0);
    }

    private static List<AuditEvent> rows(ActionType action, int n) {
        return fx.app.audit().page(new AuditLog.AuditQuery(null, null, action, 0, n));
    }
}
