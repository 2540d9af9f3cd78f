package dev.storefleet.viewmodel.storetable;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.service.FakeCluster;
import dev.storefleet.service.ServiceFixture;
import dev.storefleet.testing.Eventually;
import dev.storefleet.viewmodel.TestThreads;
import dev.storefleet.viewmodel.UiExecutors;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        vm = new StoreTableViewModel(fx.stores(), fx.app().orders(), fx.app().inspection(), fx.app().health(), fx.app().events(),
                UiExecutors.direct(), "ops");
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void emptyThenLiveRowsWithTheRunningStep() throws Exception {
        vm.load().join();
        assertEquals("No stores yet. Create one with New store (Ctrl+N).", vm.emptyTextProperty().get());
        fx.cluster().slowDown(Duration.ofMillis(150));
        Store store = fx.create("Shop", "alice");
        StoreRow row = vm.rows().get(0);
        assertEquals(store.id(), row.id());
        Eventually.await("the running step", () -> !row.stepProperty().get().isEmpty()
                && row.statusProperty().get() == StoreStatus.PROVISIONING);
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
    void backUpFirstInTheUpgradeConfirmationIsWhatTheUpgradesUseAndAFailedBackupIsShownInWords() {
        fx.create("Careful", "alice"); // the fixture runs nothing in the stores' containers: backups fail
        fx.settle();
        vm.load().join();
        StoreRow row = select("Careful");
        UpgradeDialogViewModel dialog = vm.upgradeDialog(false);
        assertFalse(dialog.backupFirstProperty().get(), "off unless asked for");
        dialog.backupFirstProperty().set(true);
        assertTrue(vm.upgradeBackupFirstProperty().get());

        vm.upgradeCommand().execute().join();
        fx.settle();
        assertEquals(StoreStatus.READY, row.statusProperty().get(), "not upgraded");
        assertEquals(1, fx.stores().get(row.id()).helmRevision());
        assertTrue(vm.errorProperty().get().contains("backup before upgrade failed: "), vm.errorProperty().get());

        vm.upgradeSelectedCommand().execute().join();
        assertTrue(vm.bulkResultProperty().get().contains("backup before upgrade failed: "), vm.bulkResultProperty().get());
        assertEquals(1, fx.stores().get(row.id()).helmRevision());
    }

    @Test
    void suspendThenResumeFromTheDetailsFollowTheSelectedStoresState() {
        fx.create("Sleepy", "alice");
        fx.settle();
        vm.load().join();
        StoreRow row = select("Sleepy");
        assertTrue(vm.suspendCommand().executableProperty().get());
        assertFalse(vm.resumeCommand().executableProperty().get(), "a ready store is not suspended");
        vm.suspendCommand().execute().join();
        fx.settle();
        assertEquals(StoreStatus.SUSPENDED, row.statusProperty().get());
        assertEquals("Suspending 'Sleepy'…", vm.noticeProperty().get());
        assertFalse(vm.suspendCommand().executableProperty().get());
        assertFalse(vm.upgradeCommand().executableProperty().get(), "no upgrade while suspended");
        assertTrue(vm.resumeCommand().executableProperty().get());
        vm.resumeCommand().execute().join();
        fx.settle();
        assertEquals(StoreStatus.READY, row.statusProperty().get());
        assertFalse(vm.resumeCommand().executableProperty().get());
        assertTrue(vm.suspendCommand().executableProperty().get());
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
        RollbackDialogViewModel dialog = vm.rollbackDialog();
        assertEquals(List.of(1, 2), dialog.loadHistory().join().stream().map(r -> r.revision()).sorted().toList());
        assertEquals("Select a revision to see what rolling back to it changes.", dialog.summaryProperty().get());

        dialog.targetRevisionProperty().set(1);
        assertEquals(List.of(
                new ValuesDiff.Change("wordpress.adminPassword", ValuesDiff.Kind.REMOVED, ValuesDiff.MASK, null),
                new ValuesDiff.Change("wordpress.replicaCount", ValuesDiff.Kind.REMOVED, "2", null)),
                dialog.changes());
        assertEquals("Revision 2 → 1. 2 values change.", dialog.summaryProperty().get());
        assertFalse(dialog.changes().toString().contains("s3cret"));

        dialog.targetRevisionProperty().set(2);
        assertTrue(dialog.changes().isEmpty());
        assertEquals("Revision 2 → 2. No value changes; only the chart/revision.", dialog.summaryProperty().get());

        fx.cluster().failNext(FakeCluster.Step.VALUES, 1);
        dialog.targetRevisionProperty().set(1);
        assertTrue(dialog.changes().isEmpty());
        assertEquals("", dialog.summaryProperty().get());
        assertTrue(dialog.errorProperty().get().startsWith("What rolling back changes cannot be shown: reading"
                + " the values of release store-shop: injected failure"), dialog.errorProperty().get());
        dialog.reloadDiff().join();
        assertEquals("", dialog.errorProperty().get(), "read again once the cluster answers");
        assertEquals(2, dialog.changes().size());

        dialog.targetRevisionProperty().set(null);
        assertTrue(dialog.changes().isEmpty());
        assertFalse(dialog.rollbackCommand().executableProperty().get(), "nothing picked: nothing to roll back to");
        assertEquals("Select a revision to see what rolling back to it changes.", dialog.summaryProperty().get());
    }

    @Test
    void twoOpeningsOfTheRollbackDialogShareNothingAndRollBackTheirOwnStore() {
        for (String name : List.of("Shop", "Other")) {
            Store store = fx.create(name, "alice");
            fx.settle();
            fx.stores().upgrade(store.id(), Map.of("wordpress", Map.of("replicaCount", 2)), "ops");
            fx.settle();
        }
        vm.load().join();
        select("Shop");
        RollbackDialogViewModel first = vm.rollbackDialog();
        RollbackDialogViewModel second = vm.rollbackDialog(); // a double click
        first.targetRevisionProperty().set(1);
        assertEquals(1, first.changes().size());
        assertNull(second.targetRevisionProperty().get());
        assertTrue(second.changes().isEmpty());
        assertEquals("Select a revision to see what rolling back to it changes.", second.summaryProperty().get());

        select("Other"); // the selection moves while the dialog is open
        first.rollbackCommand().execute().join();
        fx.settle();
        assertEquals("Rolling back 'Shop' to revision 1…", vm.noticeProperty().get());
        assertEquals(3, fx.stores().list().stream().filter(s -> s.name().equals("Shop")).findFirst().orElseThrow()
                .helmRevision(), "the store the dialog was opened for");
        assertEquals(2, fx.stores().list().stream().filter(s -> s.name().equals("Other")).findFirst().orElseThrow()
                .helmRevision());
    }

    @Test
    void aRevisionHelmNoLongerKeepsIsSaidInWords() {
        fx.create("Shop", "alice");
        fx.settle();
        vm.load().join();
        select("Shop");
        RollbackDialogViewModel dialog = vm.rollbackDialog();
        dialog.targetRevisionProperty().set(7);
        assertEquals("What rolling back changes cannot be shown: Release store-shop has no revision 7 any more"
                + " (Helm keeps the latest revisions only); pick another one.", dialog.errorProperty().get());
    }

    // ---- the target is the store confirmed, read when the action runs ----------------------------

    @Test
    void theStoreConfirmedIsDeletedEvenIfTheSelectionMovesBeforeTheBackgroundCallRuns() throws Exception {
        fx.create("Confirmed", "alice");
        fx.create("Bystander", "bob");
        fx.settle();
        try (TestThreads threads = new TestThreads()) {
            StoreTableViewModel table = threads.onFx(() -> new StoreTableViewModel(fx.stores(), fx.app().orders(), fx.app().inspection(),
                    fx.app().health(), fx.app().events(), threads.executors(), "ops"));
            threads.onFx(table::load).get(10, TimeUnit.SECONDS);
            threads.onFx(() -> select(table, "Confirmed"));
            CountDownLatch held = threads.hold(); // the worker does not start the call yet
            CompletableFuture<?> deleting = threads.onFx(() -> table.deleteCommand().execute());
            threads.onFx(() -> select(table, "Bystander")); // the operator clicks another row meanwhile
            held.countDown();
            deleting.get(10, TimeUnit.SECONDS);
            fx.settle();
            assertEquals(List.of("Bystander"), storesLeft());
            assertEquals("Deleting 'Confirmed'…", threads.onFx(() -> table.noticeProperty().get()));
            threads.awaitOnFx("the deleted row gone", () -> table.rows().size() == 1);
            assertEquals("Bystander", threads.onFx(() -> table.selectedProperty().get().store().name()),
                    "the selection stays where the operator put it");
        }
    }

    // ---- multi-selection ---------------------------------------------------------------------------

    @Test
    void theSelectionFollowsTheViewAndTheLeadRowIsTheLastOne() {
        fx.create("Alpha Shop", "alice");
        fx.create("Beta Shop", "bob");
        fx.create("Gamma", "carol");
        fx.settle();
        vm.load().join();
        assertFalse(vm.deleteSelectedCommand().executableProperty().get(), "nothing selected");
        vm.searchProperty().set("shop");
        vm.selectAllMatching();
        assertEquals(List.of("Alpha Shop", "Beta Shop"), vm.selectedNames().stream().sorted().toList());
        assertSame(vm.selection().get(1), vm.selectedProperty().get(), "the lead row is the last one");
        assertTrue(vm.deleteSelectedCommand().executableProperty().get());

        vm.searchProperty().set("");
        assertEquals(2, vm.selection().size(), "the search changing does not change the selection");
        StoreRow gamma = row(vm, "Gamma");
        vm.select(List.of(gamma));
        assertEquals(List.of("Gamma"), vm.selectedNames());
        vm.selectedProperty().set(null);
        assertTrue(vm.selection().isEmpty(), "a single-selection view clearing the lead clears the selection");
        vm.select(List.of());
        assertNull(vm.selectedProperty().get());
        assertThrows(UnsupportedOperationException.class, () -> vm.selection().add(gamma), "read-only to views");
    }

    @Test
    void deleteSelectedCapturesItsStoresAndSaysWhatHappenedToEach() throws Exception {
        fx.create("Alpha Shop", "alice");
        fx.create("Beta Shop", "bob");
        fx.create("Gamma", "carol");
        fx.settle();
        try (TestThreads threads = new TestThreads()) {
            StoreTableViewModel table = threads.onFx(() -> new StoreTableViewModel(fx.stores(), fx.app().orders(), fx.app().inspection(),
                    fx.app().health(), fx.app().events(), threads.executors(), "ops"));
            threads.onFx(table::load).get(10, TimeUnit.SECONDS);
            threads.onFx(() -> {
                table.searchProperty().set("shop");
                table.selectAllMatching();
                return null;
            });
            CountDownLatch held = threads.hold();
            CompletableFuture<?> deleting = threads.onFx(() -> table.deleteSelectedCommand().execute());
            // Meanwhile: the selection moves, and someone else deletes Beta Shop to the end.
            threads.onFx(() -> {
                table.searchProperty().set("");
                table.select(List.of(row(table, "Gamma")));
                return null;
            });
            fx.stores().delete(fx.stores().list().stream().filter(s -> s.name().equals("Beta Shop")).findFirst()
                    .orElseThrow().id(), "someone-else");
            fx.settle();
            held.countDown();
            deleting.get(10, TimeUnit.SECONDS);
            fx.settle();

            assertEquals(List.of("Gamma"), storesLeft(), "the stores selected when it ran, not Gamma selected since");
            String result = threads.onFx(() -> table.bulkResultProperty().get());
            assertTrue(result.startsWith("Deleting 1 store; 'Beta Shop' refused: "), result);
            assertFalse(result.contains("Exception"), "words: " + result);
        }
    }

    // ---- a refresh against live updates ---------------------------------------------------------------

    @Test
    void aRefreshThatReadTheListBeforeALiveUpdateDoesNotUndoIt() {
        Store shop = fx.create("Shop", "alice");
        fx.settle();
        List<Runnable> ui = new ArrayList<>();
        StoreTableViewModel table = new StoreTableViewModel(fx.stores(), fx.app().orders(), fx.app().inspection(), fx.app().health(),
                fx.app().events(), new UiExecutors(Runnable::run, ui::add), "ops");
        table.load();
        drain(ui);
        StoreRow row = table.rows().get(0);
        assertEquals(1, row.store().helmRevision());

        table.load(); // reads the list now; its answer waits for the UI thread
        Runnable olderList = ui.remove(0);
        fx.stores().upgrade(shop.id(), Map.of(), "ops");
        fx.create("Late", "bob");
        fx.settle();
        drain(ui); // the live updates land first
        assertEquals(2, row.store().helmRevision());

        olderList.run(); // then the list read before them
        assertSame(row, table.rows().get(0), "the row is kept, and with it the selection");
        assertEquals(2, row.store().helmRevision(), "the newer live update stays");
        assertEquals(StoreStatus.READY, row.statusProperty().get());
        assertEquals(List.of("Late", "Shop"), table.rows().stream().map(r -> r.store().name()).sorted().toList(),
                "a store created after the list was read stays");
        assertFalse(table.loadingProperty().get());
    }

    @Test
    void disposedItNoLongerFollowsStoreEvents() {
        vm.load().join();
        fx.create("Before", "alice");
        fx.settle();
        assertEquals(1, vm.rows().size());
        vm.dispose();
        fx.create("After", "bob");
        fx.settle();
        assertEquals(List.of("Before"), vm.rows().stream().map(r -> r.store().name()).toList());
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

    private static StoreRow row(StoreTableViewModel table, String name) {
        return table.rows().stream().filter(r -> r.store().name().equals(name)).findFirst().orElseThrow();
    }

    private static StoreRow select(StoreTableViewModel table, String name) {
        StoreRow row = row(table, name);
        table.selectedProperty().set(row);
        return row;
    }

    private List<String> storesLeft() {
        return fx.stores().list().stream().map(Store::name).sorted().toList();
    }

    private static void drain(List<Runnable> tasks) {
        while (!tasks.isEmpty()) {
            tasks.remove(0).run();
        }
    }
}
