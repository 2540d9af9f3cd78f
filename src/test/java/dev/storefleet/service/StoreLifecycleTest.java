package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreNotFoundException;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.FakeCluster.Step;
import dev.storefleet.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The state machine driven through the service, with its audit trail, on the real database. */
@Timeout(60)
class StoreLifecycleTest {
    @TempDir
    Path dir;
    ServiceFixture fx;
    final List<String> events = new ArrayList<>();
    final List<Store> published = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        fx = new ServiceFixture(dir);
        fx.app().events().subscribe(new StoreEvents.Listener() {
            @Override
            public synchronized void storeChanged(Store store) {
                events.add(store.name() + ":" + store.status());
                published.add(store);
            }
        });
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void aStoreAsAnEventCarriesItEqualsTheSameStoreReadBackToTheMicrosecond() {
        // A view orders an event against a load by updatedAt: nanoseconds the database drops would
        // make the store it holds look newer than the same store read back, and the newer read lost.
        Store created = fx.stores().create(new NewStoreRequest("Timed Store", "alice", null, null), "alice");
        fx.settle();
        Store last = published.get(published.size() - 1);
        assertEquals(StoreStatus.READY, last.status());
        assertEquals(fx.stores().get(created.id()), last, "the event's store is the row as the database keeps it");
    }

    @Test
    void createAnswersCreatedThenBecomesReadyWithUrlAndRevision() {
        Store created = fx.stores().create(new NewStoreRequest("My Store", "alice", "a@example.com", null), "alice");
        assertEquals(StoreStatus.CREATED, created.status());
        assertEquals("store-my-store", created.namespace());
        assertEquals("store-my-store", created.releaseName());
        fx.settle();
        Store ready = fx.stores().get(created.id());
        assertEquals(StoreStatus.READY, ready.status());
        assertEquals(1, ready.helmRevision());
        assertEquals("http://my-store.test", ready.url());
        assertTrue(fx.cluster().hasNamespace("store-my-store"));
        assertEquals(List.of("My Store:CREATED", "My Store:PROVISIONING", "My Store:READY"), events);
        assertEquals(List.of(ActionType.CREATE, ActionType.PROVISION_STARTED, ActionType.PROVISION_SUCCEEDED),
                actionsOldestFirst());
        AuditEvent readyRow = fx.auditNewestFirst().get(0);
        assertNotNull(readyRow.durationMs(), "time to ready is recorded");
        assertEquals("alice", readyRow.actor());
    }

    @Test
    void failedProvisioningRetriesAndConvergesWithoutDuplicating() {
        fx.cluster().failNext(Step.ENSURE_NAMESPACE, 1);
        Store store = fx.create("Shop", "alice");
        fx.settle();
        assertEquals(StoreStatus.FAILED, fx.stores().get(store.id()).status());
        assertTrue(fx.stores().get(store.id()).lastError().contains("creating namespace store-shop"));

        Store retried = fx.stores().retry(store.id(), "ops");
        assertEquals(StoreStatus.PROVISIONING, retried.status());
        fx.settle();
        Store ready = fx.stores().get(store.id());
        assertEquals(StoreStatus.READY, ready.status());
        assertNull(ready.lastError());
        assertEquals(1, fx.cluster().revisionsOf("store-shop").size(), "one release revision, not two");
        assertEquals(List.of(ActionType.CREATE, ActionType.PROVISION_STARTED, ActionType.PROVISION_FAILED,
                ActionType.RETRY, ActionType.PROVISION_STARTED, ActionType.PROVISION_SUCCEEDED), actionsOldestFirst());
    }

    @Test
    void upgradeThenFailedUpgradeThenRollbackFromFailed() {
        Store store = fx.create("Shop", "alice");
        fx.settle();
        fx.stores().upgrade(store.id(), Map.of("replicas", 2), "ops");
        fx.settle();
        assertEquals(2, fx.stores().get(store.id()).helmRevision());

        fx.cluster().failNext(Step.INSTALL, 1);
        assertEquals(StoreStatus.UPGRADING, fx.stores().upgrade(store.id(), Map.of(), "ops").status());
        fx.settle();
        Store failed = fx.stores().get(store.id());
        assertEquals(StoreStatus.FAILED, failed.status());
        assertEquals(2, failed.helmRevision(), "the deployed revision is still 2");
        assertTrue(failed.canRollback());

        InvalidStateException unknown = assertThrows(InvalidStateException.class,
                () -> fx.stores().rollback(store.id(), 99, "ops"));
        assertTrue(unknown.getMessage().contains("has no revision 99"), unknown.getMessage());

        fx.stores().rollback(store.id(), 2, "ops");
        fx.settle();
        Store rolledBack = fx.stores().get(store.id());
        assertEquals(StoreStatus.READY, rolledBack.status());
        assertEquals(4, rolledBack.helmRevision(), "rollback makes a new revision, as helm rollback does");
        assertEquals(List.of(1, 2, 3, 4), fx.stores().history(store.id()).stream().map(r -> r.revision()).toList());
    }

    @Test
    void upgradeIsRefusedWhileProvisioningAndRetryWhileReady() throws Exception {
        fx.cluster().slowDown(Duration.ofMillis(200));
        Store store = fx.create("Shop", "alice");
        waitForStatus(store.id(), StoreStatus.PROVISIONING);
        assertThrows(InvalidStateException.class, () -> fx.stores().upgrade(store.id(), Map.of(), "ops"));
        assertThrows(InvalidStateException.class, () -> fx.stores().rollback(store.id(), 1, "ops"));
        fx.settle();
        assertThrows(InvalidStateException.class, () -> fx.stores().retry(store.id(), "ops"));
    }

    @Test
    void deleteRemovesTheRowEvenWhenEveryCleanupStepFails() {
        Store store = fx.create("Shop", "alice");
        fx.settle();
        fx.cluster().failNext(Step.UNINSTALL, 1).failNext(Step.DELETE_NAMESPACE, 1);
        assertEquals(StoreStatus.DELETING, fx.stores().delete(store.id(), "ops").status());
        fx.settle();
        assertThrows(StoreNotFoundException.class, () -> fx.stores().get(store.id()));
        List<AuditEvent> rows = fx.auditNewestFirst();
        assertEquals(ActionType.DELETED, rows.get(0).action());
        assertEquals(Outcome.FAILURE, rows.get(0).outcome());
        assertTrue(rows.get(0).detail().contains("2 cleanup step(s) failed"), rows.get(0).detail());
        assertEquals(ActionType.DELETE_STEP_FAILED, rows.get(1).action());
        assertTrue(rows.get(1).detail().startsWith("deleting namespace store-shop"), rows.get(1).detail());
        assertEquals(ActionType.DELETE_STEP_FAILED, rows.get(2).action());
        assertTrue(rows.get(2).detail().startsWith("uninstalling release store-shop"), rows.get(2).detail());
        // the name is free again
        fx.create("Shop", "alice");
    }

    @Test
    void deleteWhileProvisioningWaitsItsTurnThenCleansUp() {
        fx.cluster().slowDown(Duration.ofMillis(100));
        Store store = fx.create("Shop", "alice");
        fx.stores().delete(store.id(), "ops");
        fx.settle();
        assertTrue(fx.stores().list().isEmpty());
        assertFalse(fx.cluster().hasNamespace("store-shop"));
        assertTrue(fx.cluster().revisionsOf("store-shop").isEmpty());
        assertEquals(0, fx.cluster().overlaps(), "never two operations on one store at once");
    }

    @Test
    void operationsOnOneStoreNeverOverlapWhileStoresRunInParallel() {
        fx.cluster().slowDown(Duration.ofMillis(30));
        List<Store> stores = new ArrayList<>();
        for (String owner : List.of("a", "b", "c")) {
            for (int i = 0; i < 3; i++) {
                stores.add(fx.create(owner + " shop " + i, owner));
            }
        }
        for (Store store : stores) {
            fx.stores().delete(store.id(), "ops"); // queued behind each store's provisioning
        }
        fx.settle();
        assertEquals(0, fx.cluster().overlaps());
        assertEquals(2, fx.cluster().maxParallelStores(), "bounded by maxInFlight = 2");
        assertTrue(fx.stores().list().isEmpty());
    }

    @Test
    void cancelStopsTheRunningOperationAtItsNextStepAndTheStoreCanBeRetried() throws Exception {
        fx.cluster().slowDown(Duration.ofMillis(400));
        Store store = fx.create("Shop", "alice");
        waitForStatus(store.id(), StoreStatus.PROVISIONING);
        assertTrue(fx.stores().cancel(store.id(), "ops"));
        fx.settle();
        Store cancelled = fx.stores().get(store.id());
        assertEquals(StoreStatus.FAILED, cancelled.status());
        assertTrue(cancelled.lastError().contains("interrupted") || cancelled.lastError().contains("cancelled"),
                cancelled.lastError());
        assertTrue(actionsOldestFirst().contains(ActionType.CANCEL));
        assertFalse(fx.stores().cancel(store.id(), "ops"), "nothing running any more");

        fx.cluster().slowDown(Duration.ZERO);
        fx.stores().retry(store.id(), "ops");
        fx.settle();
        assertEquals(StoreStatus.READY, fx.stores().get(store.id()).status());
    }

    @Test
    void aDeleteCutOffByTheConsoleClosingResumesAtTheNextStartInsteadOfLeavingItsNamespace() throws Exception {
        Store store = fx.create("Closing Shop", "alice");
        fx.settle();
        fx.cluster().slowDown(Duration.ofSeconds(4)); // uninstall, then the namespace delete, 4 s each
        fx.stores().delete(store.id(), "ops");
        Thread.sleep(200);
        fx.close(); // waits 5 s, then cancels the delete inside its namespace wait

        fx.cluster().slowDown(Duration.ZERO);
        fx.open();
        assertEquals(StoreStatus.DELETING, fx.stores().get(store.id()).status(), "kept for the next start");
        assertTrue(fx.cluster().hasNamespace("store-closing-shop"));
        fx.stores().reconcile();
        fx.settle();
        assertTrue(fx.stores().list().isEmpty());
        assertFalse(fx.cluster().hasNamespace("store-closing-shop"), "no namespace left without its store");
    }

    private void waitForStatus(long id, StoreStatus status) {
        assertEquals(status, Eventually.until(() -> fx.stores().get(id).status(), s -> s == status,
                Duration.ofSeconds(2)));
    }

    private List<ActionType> actionsOldestFirst() {
        List<ActionType> actions = new ArrayList<>(fx.auditNewestFirst().stream().map(AuditEvent::action).toList());
        java.util.Collections.reverse(actions);
        return actions;
    }
}
