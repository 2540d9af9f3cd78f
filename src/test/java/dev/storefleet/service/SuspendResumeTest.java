package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.FakeCluster.Step;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Suspend and resume through the service on the real database: states, audit rows, refusals, metrics. */
@Timeout(60)
class SuspendResumeTest {
    @TempDir
    Path dir;
    ServiceFixture fx;
    FakeStoreOrders storeOrders;

    @BeforeEach
    void open() {
        storeOrders = new FakeStoreOrders();
        fx = new ServiceFixture(dir, storeOrders);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void aReadyStoreIsSuspendedKeepingItsReleaseThenResumedToReadyAtTheSameRevision() {
        Store store = readyStore("Quiet Shop");
        assertEquals(StoreStatus.SUSPENDING, fx.stores().suspend(store.id(), "ops").status());
        fx.settle();
        Store suspended = fx.stores().get(store.id());
        assertEquals(StoreStatus.SUSPENDED, suspended.status());
        assertTrue(fx.cluster().isScaledDown(store.namespace()));
        assertTrue(fx.cluster().hasNamespace(store.namespace()), "the namespace and its volumes stay");
        assertEquals(1, suspended.helmRevision(), "no Helm revision for a suspend");
        assertEquals(new MetricsService.Suspensions(1, 1), fx.app().metrics().suspensions());

        assertEquals(StoreStatus.RESUMING, fx.stores().resume(store.id(), "ops").status());
        fx.settle();
        Store resumed = fx.stores().get(store.id());
        assertEquals(StoreStatus.READY, resumed.status());
        assertFalse(fx.cluster().isScaledDown(store.namespace()));
        assertEquals(1, resumed.helmRevision());
        assertEquals(store.url(), resumed.url());
        assertNull(resumed.lastError());
        assertEquals(new MetricsService.Suspensions(0, 1), fx.app().metrics().suspensions());
        List<ActionType> tail = newestFirst().subList(0, 4).stream().map(AuditEvent::action).toList();
        assertEquals(List.of(ActionType.RESUME_SUCCEEDED, ActionType.RESUME, ActionType.SUSPEND_SUCCEEDED,
                ActionType.SUSPEND), tail);
        assertNotNull(newestFirst().get(1).actor());
        assertEquals("ops", newestFirst().get(0).actor());
    }

    @Test
    void whileSuspendedOrdersVerificationUpgradesAndASecondSuspendAreRefusedInWordsAndAudited() {
        Store store = readyStore("Sleeping Shop");
        fx.stores().suspend(store.id(), "ops");
        fx.settle();
        var orders = fx.app().orders();
        InvalidStateException order = assertThrows(InvalidStateException.class,
                () -> orders.placeTestOrder(store.id(), "ops"));
        assertTrue(order.getMessage().contains("while it is suspended") && order.getMessage().endsWith("Resume it first."),
                order.getMessage());
        InvalidStateException check = assertThrows(InvalidStateException.class, () -> orders.verify(store.id(), "ops"));
        assertTrue(check.getMessage().contains("Cannot verify the store on store 'Sleeping Shop' while it is suspended"),
                check.getMessage());
        assertThrows(InvalidStateException.class, () -> fx.stores().upgrade(store.id(), java.util.Map.of(), "ops"));
        InvalidStateException again = assertThrows(InvalidStateException.class, () -> fx.stores().suspend(store.id(), "ops"));
        assertTrue(again.getMessage().contains("only a ready store can be suspended"), again.getMessage());
        assertEquals(List.of(), storeOrders.calls, "the store's API was never called");
        List<AuditEvent> rejected = newestFirst().stream().filter(e -> e.outcome() == Outcome.REJECTED).toList();
        assertTrue(rejected.stream().anyMatch(e -> e.action() == ActionType.SUSPEND), rejected.toString());
        assertTrue(rejected.stream().anyMatch(e -> e.action() == ActionType.STORE_VERIFIED), rejected.toString());
        assertEquals(StoreStatus.SUSPENDED, fx.stores().get(store.id()).status(), "the refusals changed nothing");
    }

    @Test
    void resumeIsRefusedUnlessSuspendedAndAFailedScaleLeavesTheStoreFailedWithTheReason() {
        Store store = readyStore("Stubborn Shop");
        InvalidStateException notSuspended = assertThrows(InvalidStateException.class,
                () -> fx.stores().resume(store.id(), "ops"));
        assertTrue(notSuspended.getMessage().contains("only a suspended store can be resumed"), notSuspended.getMessage());

        fx.cluster().failNext(Step.SCALE_TO_ZERO, 1);
        fx.stores().suspend(store.id(), "ops");
        fx.settle();
        Store failed = fx.stores().get(store.id());
        assertEquals(StoreStatus.FAILED, failed.status());
        assertTrue(failed.lastError().contains("to zero: injected failure"), failed.lastError());
        assertEquals(ActionType.SUSPEND_FAILED, newestFirst().get(0).action());
        assertEquals(new MetricsService.Suspensions(0, 0), fx.app().metrics().suspensions());
    }

    @Test
    void aResumeThatCannotScaleBackFailsAndADeleteOfASuspendedStoreRemovesIt() {
        Store first = readyStore("Cold Shop");
        fx.stores().suspend(first.id(), "ops");
        fx.settle();
        fx.cluster().failNext(Step.SCALE_BACK, 1);
        fx.stores().resume(first.id(), "ops");
        fx.settle();
        assertEquals(StoreStatus.FAILED, fx.stores().get(first.id()).status());
        assertEquals(ActionType.RESUME_FAILED, newestFirst().get(0).action());

        Store second = readyStore("Gone Shop");
        fx.stores().suspend(second.id(), "ops");
        fx.settle();
        fx.stores().delete(second.id(), "admin");
        fx.settle();
        assertFalse(fx.cluster().hasNamespace(second.namespace()));
        assertTrue(fx.stores().list().stream().noneMatch(s -> s.id() == second.id()));
    }

    private Store readyStore(String name) {
        Store store = fx.create(name, "alice");
        fx.settle();
        Store ready = fx.stores().get(store.id());
        assertEquals(StoreStatus.READY, ready.status());
        return ready;
    }

    private List<AuditEvent> newestFirst() {
        return fx.auditNewestFirst();
    }
}
