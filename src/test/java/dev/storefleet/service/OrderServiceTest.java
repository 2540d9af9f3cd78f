package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.app.Storefleet;
import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.Order;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreApiException.Step;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.Verification;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OrderService over the real database and executor, with the stores' APIs played by a fake port. */
class OrderServiceTest {
    @TempDir
    Path dir;

    private final FakeStoreOrders api = new FakeStoreOrders();
    private final FakeCluster cluster = new FakeCluster();
    private Storefleet app;

    @BeforeEach
    void open() {
        app = Storefleet.start(dir, cluster, cluster, null, cluster, api, EngineSettings.DEFAULTS, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        app.close();
    }

    private Store readyStore(String name) throws Exception {
        Store store = app.stores().create(new dev.storefleet.domain.NewStoreRequest(name, "owner", null, null), "tester");
        assertTrue(app.executor().awaitIdle(java.time.Duration.ofSeconds(30)));
        Store ready = app.stores().get(store.id());
        assertEquals(StoreStatus.READY, ready.status());
        return ready;
    }

    @Test
    void aPlacedOrderIsAuditedWithWhoStoreAndOrderAndCounted() throws Exception {
        Store store = readyStore("Shop one");
        Order order = app.orders().placeTestOrder(store.id(), "alice");
        assertEquals("o-1", order.id());
        AuditEvent row = orderRows().get(0);
        assertEquals(Outcome.SUCCESS, row.outcome());
        assertEquals("alice", row.actor());
        assertEquals(store.id(), row.storeId());
        assertTrue(row.detail().contains("o-1"), row.detail());
        assertEquals(1, app.metrics().snapshot().ordersPlaced());
    }

    @Test
    void theQuantityReachesTheStoreAndOneOutsideOneToTenIsRefusedBeforeAnyCall() throws Exception {
        Store store = readyStore("Shop quantity");
        app.orders().placeTestOrder(store.id(), 3, "alice");
        assertEquals(List.of("place Shop quantity x3"), api.calls);
        for (int wrong : new int[] {0, -1, OrderService.MAX_QUANTITY + 1}) {
            dev.storefleet.domain.ValidationException e = assertThrows(dev.storefleet.domain.ValidationException.class,
                    () -> app.orders().placeTestOrder(store.id(), wrong, "alice"));
            assertEquals("quantity", e.errors().get(0).field());
        }
        assertEquals(1, api.calls.size(), "refused quantities never reach the store");
        assertEquals(1, orderRows().size());
    }

    @Test
    void aFailedPlacementIsAuditedAsFailureWithTheStepInWords() throws Exception {
        Store store = readyStore("Shop two");
        api.failNext = new StoreApiException(Step.CHECKOUT_REFUSED, "Medusa store 'Shop two', completing the checkout: "
                + "HTTP 400 \"out of stock\".");
        StoreApiException e = assertThrows(StoreApiException.class, () -> app.orders().placeTestOrder(store.id(), "bob"));
        assertEquals(Step.CHECKOUT_REFUSED, e.step());
        AuditEvent row = orderRows().get(0);
        assertEquals(Outcome.FAILURE, row.outcome());
        assertTrue(row.detail().contains("out of stock"), row.detail());
        assertEquals(0, app.metrics().snapshot().ordersPlaced());
    }

    @Test
    void onlyReadyStoresTakeOrdersAndARefusalIsAudited() throws Exception {
        cluster.failNext(FakeCluster.Step.INSTALL, 1);
        Store store = app.stores().create(new dev.storefleet.domain.NewStoreRequest("Broken", "owner", null, null), "t");
        app.executor().awaitIdle(java.time.Duration.ofSeconds(30));
        assertEquals(StoreStatus.FAILED, app.stores().get(store.id()).status());
        InvalidStateException e = assertThrows(InvalidStateException.class,
                () -> app.orders().placeTestOrder(store.id(), "carol"));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
        assertThrows(InvalidStateException.class, () -> app.orders().listOrders(store.id(), 10));
        assertThrows(InvalidStateException.class, () -> app.orders().verify(store.id(), "carol"));
        assertEquals(Outcome.REJECTED, orderRows().get(0).outcome());
        assertEquals(0, api.calls.size(), "the store's API was never called");
    }

    @Test
    void verificationIsRecordedOnTheStoreAndSurvivesARestart() throws Exception {
        Store store = readyStore("Shop three");
        Verification v = app.orders().verify(store.id(), "dave").get(30, TimeUnit.SECONDS);
        assertTrue(v.ok(), v.detail());
        assertTrue(v.detail().contains("placed and listed"), v.detail());
        app.close();
        open();
        Verification kept = app.stores().get(store.id()).lastVerification();
        assertEquals(v.ok(), kept.ok());
        assertEquals(v.durationMs(), kept.durationMs());
        assertEquals(v.detail(), kept.detail());
    }

    @Test
    void aFailedVerificationSaysWhichStepFailed() throws Exception {
        Store store = readyStore("Shop four");
        api.failNext = new StoreApiException(Step.UNREACHABLE, "cannot connect to http://shop-four.local");
        Verification v = app.orders().verify(store.id(), "erin").get(30, TimeUnit.SECONDS);
        assertFalse(v.ok());
        assertTrue(v.detail().contains("unreachable") && v.detail().contains("could not be reached"), v.detail());
        assertEquals(v, app.stores().get(store.id()).lastVerification());

        api.hideFromList = true;
        Verification notListed = app.orders().verify(store.id(), "erin").get(30, TimeUnit.SECONDS);
        assertFalse(notListed.ok());
        assertTrue(notListed.detail().contains("not_listed"), notListed.detail());
    }

    private List<AuditEvent> orderRows() {
        return app.audit().page(new dev.storefleet.service.port.AuditLog.AuditQuery(null, null, null, 0, 1000)).stream()
                .filter(e -> e.action() == ActionType.ORDER_PLACED || e.action() == ActionType.STORE_VERIFIED).toList();
    }
}
