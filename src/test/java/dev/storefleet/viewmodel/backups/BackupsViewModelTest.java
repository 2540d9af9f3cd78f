package dev.storefleet.viewmodel.backups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.BackupService.Into;
import dev.storefleet.service.FakeStoreOrders;
import dev.storefleet.service.LocalContainers;
import dev.storefleet.service.MedusaStandIn;
import dev.storefleet.service.ServiceFixture;
import dev.storefleet.viewmodel.TestThreads;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.storetable.StoreRow;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Backups tab's view-model without a toolkit, over the real services on an H2 file and real
 * archives, the store's database container played by a local process running the exact pg_dump
 * and pg_restore argv against the test PostgreSQL server ({@link LocalContainers}); the
 * verification's test order goes to the fake store API. One "FX" thread of the test's own, every
 * property read on it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackupsViewModelTest {
    @TempDir
    Path dir;
    private LocalContainers containers;
    private ServiceFixture fx;
    private TestThreads threads;
    private StoreTableViewModel table;
    private BackupsViewModel vm;

    @BeforeEach
    void open() throws Exception {
        containers = new LocalContainers();
        fx = new ServiceFixture(dir, new FakeStoreOrders(), containers);
        threads = new TestThreads();
        UiExecutors executors = threads.executors();
        var app = fx.app();
        table = threads.onFx(() -> new StoreTableViewModel(app.stores(), app.orders(), app.inspection(), app.health(),
                app.events(), executors, "ops"));
        vm = threads.onFx(() -> new BackupsViewModel(app.backups(), table.selectedProperty(), executors, "ops",
                CompletableFuture.delayedExecutor(BackupsViewModel.FLUSH.toMillis(), TimeUnit.MILLISECONDS,
                        executors.ui()), Clock.systemUTC(), ZoneOffset.UTC));
        threads.onFx(() -> {
            vm.shownProperty().set(true);
            return null;
        });
    }

    @AfterEach
    void close() throws Exception {
        containers.release();
        threads.close();
        fx.close();
    }

    @Test
    void aBackupTakenInTheTabIsListedWithItsSizeAndTheNoticeSaysSo() throws Exception {
        Store shop = medusa("Harbour Shop");
        select(shop);
        threads.awaitOnFx("the empty list read", () -> vm.loadedProperty().get());
        assertEquals("No backups yet: Back up takes one of this store's database and files.",
                threads.onFx(() -> vm.placeholderProperty().get()));
        assertTrue(threads.onFx(() -> vm.backUpCommand().executableProperty().get()), "a READY store");

        threads.onFx(() -> vm.backUpCommand().execute());
        threads.awaitOnFx("the backup ended and the list read again", () -> !vm.runningProperty().get()
                && vm.rows().size() == 1);
        BackupRow row = threads.onFx(() -> vm.rows().get(0));
        assertTrue(row.bytes() > 10_000, "a dump of 120 orders: " + row.bytes());
        assertEquals(BackupRow.size(row.bytes()), row.size());
        assertTrue(row.size().endsWith(" KB") || row.size().endsWith(" MB"), row.size());
        assertEquals(1, row.parts());
        assertEquals(BackupsViewModel.REASON, row.reason());
        assertEquals("ops", row.actor());
        assertEquals("✓ intact", row.checks());
        assertTrue(row.created().startsWith("just now · "), row.created());
        assertEquals("Backup " + row.backupId() + " written (" + row.size() + ").",
                threads.onFx(() -> vm.noticeProperty().get()));
        assertEquals("", threads.onFx(() -> vm.errorProperty().get()));
    }

    @Test
    void aBackupCancelledMidStreamListsNothingSaysCancelledAndKeepsToItsStoreWhileAnotherIsSelected()
            throws Exception {
        Store slow = medusa("Slow Shop");
        Store other = medusa("Other Shop");
        select(slow);
        containers.holdAfterFirstChunk();
        threads.onFx(() -> vm.backUpCommand().execute());
        assertTrue(containers.firstChunk.await(30, TimeUnit.SECONDS), "the dump started streaming");
        threads.awaitOnFx("the streamed bytes shown", () -> vm.progressProperty().get().matches(
                "streaming database\\.dump of 'Slow Shop'… [0-9.]+ (B|KB|MB)"));
        assertTrue(threads.onFx(() -> vm.cancelCommand().executableProperty().get()));
        assertFalse(threads.onFx(() -> vm.backUpCommand().executableProperty().get()), "one job per store");

        select(other);
        assertFalse(threads.onFx(() -> vm.runningProperty().get()), "the other store runs nothing");
        assertEquals("", threads.onFx(() -> vm.progressProperty().get()));
        assertTrue(threads.onFx(() -> vm.backUpCommand().executableProperty().get()));
        select(slow);
        assertTrue(threads.onFx(() -> vm.runningProperty().get()), "the job is still its store's");
        assertTrue(threads.onFx(() -> vm.progressProperty().get()).startsWith("streaming database.dump"));

        threads.onFx(() -> vm.cancelCommand().execute()).get(10, TimeUnit.SECONDS); // the job was told
        assertEquals("Cancelling…", threads.onFx(() -> vm.progressProperty().get()));
        containers.release();
        threads.awaitOnFx("the job ended", () -> !vm.runningProperty().get());
        assertEquals("Backup of 'Slow Shop' cancelled; nothing of it was kept.",
                threads.onFx(() -> vm.errorProperty().get()), () -> "notice: " + vm.noticeProperty().get()
                        + ", selected " + table.selectedProperty().get());
        threads.awaitOnFx("the list read again", () -> vm.loadedProperty().get());
        assertEquals(List.of(), threads.onFx(() -> List.copyOf(vm.rows())));
        assertEquals(List.of(), fx.app().backups().list(slow.id()));
    }

    @Test
    void aRestoreIntoTheSameStoreBringsTheRowsBackAndShowsTheVerification() throws Exception {
        MedusaStandIn db = MedusaStandIn.seeded(40).standIn(containers, "Restore Shop");
        Store shop = ready("Restore Shop");
        Map<String, String> before = db.tables();
        select(shop);
        threads.onFx(() -> vm.backUpCommand().execute());
        threads.awaitOnFx("the backup listed", () -> !vm.runningProperty().get() && vm.rows().size() == 1);
        db.execute("DELETE FROM order_item; DELETE FROM \"order\"");

        threads.onFx(() -> {
            vm.selectedBackupProperty().set(vm.rows().get(0));
            return null;
        });
        assertTrue(threads.onFx(() -> vm.restoreAllowedProperty().get()));
        String backupId = threads.onFx(() -> vm.rows().get(0).backupId());
        threads.onFx(() -> vm.restore(Into.SAME));
        threads.awaitOnFx("the restore ended and the list read again", () -> !vm.runningProperty().get()
                && vm.rows().size() == 2);
        String notice = threads.onFx(() -> vm.noticeProperty().get());
        assertTrue(notice.startsWith("Restored and verified: test order placed and found."), notice);
        String safety = threads.onFx(() -> vm.rows().get(0).backupId());
        assertTrue(notice.endsWith("Safety backup " + safety + " was taken first."), notice);
        assertEquals(backupId, threads.onFx(() -> vm.rows().get(1).backupId()), "newest first");
        assertEquals("", threads.onFx(() -> vm.errorProperty().get()));
        assertEquals(before, db.tables(), "every row back");
        assertEquals("Restore Shop (restored)", threads.onFx(() -> vm.defaultRestoreName()));
    }

    @Test
    void aCloneToStagingMakesANewStoreWithTheDataAndSaysItWasVerified() throws Exception {
        MedusaStandIn source = MedusaStandIn.seeded(30).standIn(containers, "Dock Shop");
        MedusaStandIn staging = MedusaStandIn.seeded(0).standIn(containers, "Dock Shop (staging)");
        Store shop = ready("Dock Shop");
        select(shop);
        assertTrue(threads.onFx(() -> vm.cloneToStagingCommand().executableProperty().get()));
        threads.onFx(() -> vm.cloneToStagingCommand().execute());
        assertTrue(threads.onFx(() -> vm.runningProperty().get()), "the clone runs for its store");
        threads.awaitOnFx("the clone ended", () -> !vm.runningProperty().get());
        assertEquals("", threads.onFx(() -> vm.errorProperty().get()));
        assertEquals("Cloned into 'Dock Shop (staging)'. Restored and verified: test order placed and found.",
                threads.onFx(() -> vm.noticeProperty().get()));
        assertEquals(source.tables(), staging.tables(), "the staging store has the source's rows");
        threads.awaitOnFx("the clone's backup listed", () -> vm.rows().size() == 1);
        assertEquals("clone to staging", threads.onFx(() -> vm.rows().get(0).reason()));
    }

    // ---- stores --------------------------------------------------------------------------------

    private Store medusa(String name) {
        MedusaStandIn.seeded(40).standIn(containers, name);
        return ready(name);
    }

    private Store ready(String name) {
        Store store = fx.stores().create(new NewStoreRequest(name, "alice", "alice@example.com", "medusa"), "alice");
        fx.settle();
        Store ready = fx.stores().get(store.id());
        assertEquals(StoreStatus.READY, ready.status(), ready.lastError());
        return ready;
    }

    /** Selects the store's row as a click in the table does, reading the table first if it lacks the row. */
    private void select(Store store) throws Exception {
        if (threads.onFx(() -> table.rows().stream().noneMatch(r -> r.id() == store.id()))) {
            threads.onFx(table::load).get(10, TimeUnit.SECONDS);
        }
        threads.onFx(() -> {
            StoreRow row = table.rows().stream().filter(r -> r.id() == store.id()).findFirst().orElseThrow();
            table.select(List.of(row));
            return null;
        });
        assertEquals(store.id(), threads.onFx(() -> table.selectedProperty().get().id()));
    }
}
