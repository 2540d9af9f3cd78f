package dev.storefleet.viewmodel;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.service.FakeCluster;
import dev.storefleet.service.ServiceFixture;
import dev.storefleet.viewmodel.storetable.StoreRow;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTableViewModelTest {
    @TempDir
    Path dir;
    ServiceFixture fx;
    StoreTableViewModel vm;

    @BeforeEach
    void open() {
        fx = new ServiceFixture(dir);
        vm = new StoreTableViewModel(fx.stores(), fx.app().inspection(), fx.app().health(), fx.app().events(),
                UiExecutors.direct(), "ops");
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void emptyThenLiveRowsWithTheRunningStep() {
        vm.load().join();
        assertEquals("No stores yet. Create one with the form on the left.", vm.emptyTextProperty().get());
        fx.cluster().slowDown(Duration.ofMillis(150));
        Store store = fx.create("Shop", "alice");
        StoreRow row = vm.rows().get(0);
        assertEquals(store.id(), row.id());
        waitFor(() -> !row.stepProperty().get().isEmpty() && row.statusProperty().get() == StoreStatus.PROVISIONING);
        fx.settle();
        assertEquals(StoreStatus.READY, row.statusProperty().get());
        assertEquals("", row.stepProperty().get(), "no step once settled");
        assertEquals("", vm.emptyTextProperty().get());
    }

    @Test
    void actionsFollowTheStateMachine() {
        fx.cluster().failNext(FakeCluster.Step.INSTALL, 1);
        fx.create("Broken", "alice");
        fx.settle(); // the injected failure must hit this store, not one running beside it
        fx.create("Fine", "bob");
        fx.settle();
        vm.load().join();
        select("Broken");
        assertTrue(vm.retryCommand().executableProperty().get());
        assertFalse(vm.upgradeCommand().executableProperty().get());
        assertFalse(vm.canRollback().get(), "never deployed: nothing to roll back to");
        assertTrue(vm.deleteCommand().executableProperty().get());
        assertFalse(vm.canCopyCredentials().get());
        select("Fine");
        assertFalse(vm.retryCommand().executableProperty().get());
        assertTrue(vm.upgradeCommand().executableProperty().get());
        assertTrue(vm.canRollback().get());
        assertTrue(vm.canCopyCredentials().get());
        vm.selectedProperty().set(null);
        assertFalse(vm.deleteCommand().executableProperty().get());
    }

    @Test
    void retryFromTheTableBringsAFailedStoreToReady() {
        fx.cluster().failNext(FakeCluster.Step.INSTALL, 1);
        fx.create("Broken", "alice");
        fx.settle();
        vm.load().join();
        StoreRow row = select("Broken");
        assertFalse(vm.upgradeCommand().executableProperty().get());
        vm.retryCommand().execute().join();
        fx.settle();
        assertEquals(StoreStatus.READY, row.statusProperty().get());
        assertEquals("Retrying 'Broken'…", vm.noticeProperty().get());
        assertTrue(vm.upgradeCommand().executableProperty().get(),
                "the selected store's second change (PROVISIONING, then READY) is followed too");
        assertFalse(vm.retryCommand().executableProperty().get());
    }

    @Test
    void deleteRemovesTheRowAndClearsTheSelection() {
        fx.create("Gone", "alice");
        fx.settle();
        vm.load().join();
        select("Gone");
        vm.deleteCommand().execute().join();
        fx.settle();
        assertTrue(vm.rows().isEmpty());
        assertNull(vm.selectedProperty().get());
    }

    @Test
    void searchAndStatusFilter() {
        fx.cluster().failNext(FakeCluster.Step.INSTALL, 1);
        fx.create("Alpha Shop", "alice");
        fx.settle();
        fx.create("Beta Shop", "bob");
        fx.create("Gamma", "bob");
        fx.settle();
        vm.load().join();
        vm.searchProperty().set("shop");
        assertEquals(2, vm.rows().size());
        vm.searchProperty().set("BOB");
        assertEquals(2, vm.rows().size(), "owner matches too, ignoring case");
        vm.searchProperty().set("");
        vm.statusFilterProperty().set(StoreStatus.FAILED);
        assertEquals(1, vm.rows().size());
        assertEquals("Alpha Shop", vm.rows().get(0).store().name());
        vm.searchProperty().set("zzz");
        assertEquals("No store matches the search or filter.", vm.emptyTextProperty().get());
    }

    @Test
    void credentialsAreReadOnDemandAndTheReadIsAudited() {
        fx.create("Shop", "alice");
        fx.settle();
        vm.load().join();
        select("Shop");
        var credentials = vm.adminCredentials().join();
        assertEquals("admin", credentials.user());
        assertEquals("pw-shop", credentials.password());
        assertFalse(credentials.toString().contains("pw-shop"), "never printed");
        assertEquals(ActionType.CREDENTIALS_READ, fx.auditNewestFirst().get(0).action());
        assertEquals("ops", fx.auditNewestFirst().get(0).actor());
        assertEquals(1, vm.events().size(), "the selected store's events were loaded");
    }

    @Test
    void theEventsListSaysWhyItIsEmpty() {
        fx.create("Shop", "alice");
        fx.settle();
        vm.load().join();
        assertEquals("Select a store to see its recent Kubernetes events.", vm.eventsEmptyTextProperty().get());
        select("Shop");
        assertEquals(1, vm.events().size());
        assertEquals("No Kubernetes events in store-shop (the cluster keeps them about an hour).",
                vm.eventsEmptyTextProperty().get(), "shown only once the list is empty");
        fx.cluster().failNext(FakeCluster.Step.EVENTS, 1);
        vm.reloadEvents().join();
        assertTrue(vm.events().isEmpty());
        assertTrue(vm.eventsEmptyTextProperty().get().contains("reading the events of namespace store-shop"),
                vm.eventsEmptyTextProperty().get());
        vm.selectedProperty().set(null);
        assertEquals("Select a store to see its recent Kubernetes events.", vm.eventsEmptyTextProperty().get());
    }

    @Test
    void pickingARollbackRevisionShowsWhatChangesWithSecretsMasked() {
        Store store = fx.create("Shop", "alice");
        fx.settle();
        fx.stores().upgrade(store.id(), Map.of("wordpress", Map.of("replicaCount", 2, "adminPassword", "s3cret")),
                "ops");
        fx.settle();
        vm.load().join();
        select("Shop");
        assertEquals("Select a revision to see what rolling back to it changes.", vm.rollbackSummaryProperty().get());

        vm.rollbackTargetProperty().set(1);
        assertEquals(List.of(
                new ValuesDiff.Change("wordpress.adminPassword", ValuesDiff.Kind.REMOVED, ValuesDiff.MASK, null),
                new ValuesDiff.Change("wordpress.replicaCount", ValuesDiff.Kind.REMOVED, "2", null)),
                vm.rollbackChanges());
        assertEquals("Revision 2 → 1. 2 values change.", vm.rollbackSummaryProperty().get());
        assertFalse(vm.rollbackChanges().toString().contains("s3cret"));

        vm.rollbackTargetProperty().set(2);
        assertTrue(vm.rollbackChanges().isEmpty());
        assertEquals("Revision 2 → 2. No value changes; only the chart/revision.", vm.rollbackSummaryProperty().get());

        fx.cluster().failNext(FakeCluster.Step.VALUES, 1);
        vm.rollbackTargetProperty().set(1);
        assertTrue(vm.rollbackChanges().isEmpty());
        assertEquals("", vm.rollbackSummaryProperty().get());
        assertTrue(vm.rollbackErrorProperty().get().startsWith("What rolling back changes cannot be shown: reading"
                + " the values of release store-shop: injected failure"), vm.rollbackErrorProperty().get());
        vm.reloadRollbackDiff().join();
        assertEquals("", vm.rollbackErrorProperty().get(), "read again once the cluster answers");
        assertEquals(2, vm.rollbackChanges().size());

        vm.rollbackTargetProperty().set(null);
        assertTrue(vm.rollbackChanges().isEmpty());
        assertEquals("Select a revision to see what rolling back to it changes.", vm.rollbackSummaryProperty().get());
    }

    @Test
    void aRevisionHelmNoLongerKeepsIsSaidInWords() {
        fx.create("Shop", "alice");
        fx.settle();
        vm.load().join();
        select("Shop");
        vm.rollbackTargetProperty().set(7);
        assertEquals("What rolling back changes cannot be shown: Release store-shop has no revision 7 any more"
                + " (Helm keeps the latest revisions only); pick another one.", vm.rollbackErrorProperty().get());
    }

    @Test
    void databaseFailureIsShownInWords() throws Exception {
        try (Connection c = fx.jdbc(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
        vm.load().join();
        assertTrue(vm.errorProperty().get().startsWith("The local database failed while listing stores"),
                vm.errorProperty().get());
        assertEquals("The stores cannot be shown: see the message above.", vm.emptyTextProperty().get());
        assertFalse(vm.loadingProperty().get());
    }

    private StoreRow select(String name) {
        StoreRow row = vm.rows().stream().filter(r -> r.store().name().equals(name)).findFirst().orElseThrow();
        vm.selectedProperty().set(row);
        return row;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }
}
