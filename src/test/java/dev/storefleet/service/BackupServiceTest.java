package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.ConflictException;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.BackupArchives.Listed;
import dev.storefleet.service.port.BackupArchives.Manifest;
import dev.storefleet.service.port.BackupArchives.Part;
import dev.storefleet.testing.TestMariaDb;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups, restores and clones through the service on the real H2 file and real archives, with
 * the stores' database containers played by local processes running the exact dump and restore
 * argv against real MariaDB and PostgreSQL servers ({@link LocalContainers}); the cluster is the
 * fake one and the stores' APIs (the verification's test order) the fake store API.
 */
@Timeout(120)
class BackupServiceTest {
    private static final int ORDERS = 120;

    @TempDir
    Path dir;
    ServiceFixture fx;
    LocalContainers containers;
    FakeStoreOrders storeOrders;

    @BeforeEach
    void open() {
        containers = new LocalContainers();
        storeOrders = new FakeStoreOrders();
        fx = new ServiceFixture(dir, storeOrders, containers);
    }

    @AfterEach
    void close() {
        containers.release();
        fx.close();
    }

    private BackupService backups() {
        return fx.app().backups();
    }

    @Test
    void aMedusaBackupHoldsAChecksummedDumpAndARestoreIntoTheSameStoreBringsItsRowsBackAfterASafetyBackup()
            throws Exception {
        MedusaStandIn db = medusaStore("Harbour Shop");
        Store store = ready("Harbour Shop", "medusa");
        Map<String, String> before = db.tables();

        Manifest backup = backups().backup(store.id(), "before the sale", "ops").result().get(60, TimeUnit.SECONDS);
        assertEquals(List.of(BackupService.POSTGRES_PART), backup.parts().stream().map(Part::name).toList());
        Path archive = onlyArchive(store);
        assertEquals(1, backups().list(store.id()).size());
        Listed listed = backups().list(store.id()).get(0);
        assertTrue(listed.intact(), listed.problem());
        assertEquals("before the sale", listed.manifest().reason());
        assertEquals(1, listed.manifest().helmRevision());
        String dumped = Files.readString(archive, StandardCharsets.ISO_8859_1);
        assertFalse(dumped.contains(db.password), "no password in the archive");

        db.execute("DELETE FROM order_item; DELETE FROM \"order\"");
        assertNotEquals(before, db.tables());
        BackupService.RestoreResult restored = backups().restore(store.id(), backup.backupId(), BackupService.Into.SAME,
                "ops").result().get(60, TimeUnit.SECONDS);
        assertEquals(before, db.tables(), "every row back, checksums equal");
        assertTrue(restored.verification().ok(), restored.verification().detail());
        assertEquals(backup.backupId(), restored.restored().backupId());
        assertEquals(2, backups().list(store.id()).size(), "the safety backup is listed");
        assertEquals(restored.safetyBackup().backupId(), backups().list(store.id()).get(0).manifest().backupId());
        assertTrue(storeOrders.calls.stream().anyMatch(c -> c.startsWith("place Harbour Shop")), storeOrders.calls.toString());
        List<ActionType> actions = fx.auditNewestFirst().stream().map(AuditEvent::action).toList();
        assertEquals(ActionType.RESTORE_SUCCEEDED, actions.get(0), actions.toString());
        assertTrue(actions.containsAll(List.of(ActionType.BACKUP, ActionType.BACKUP_SUCCEEDED, ActionType.RESTORE,
                ActionType.STORE_VERIFIED)), actions.toString());
    }

    @Test
    void aFlippedByteIsRefusedByTheChecksumsBeforeAnythingIsTouched() throws Exception {
        MedusaStandIn db = medusaStore("Flip Shop");
        Store store = ready("Flip Shop", "medusa");
        Manifest backup = backups().backup(store.id(), null, "ops").result().get(60, TimeUnit.SECONDS);
        db.execute("DELETE FROM order_item");
        Map<String, String> changed = db.tables();
        flipOneByteOfTheDump(onlyArchive(store));
        int calls = containers.calls.size();

        Listed listed = backups().list(store.id()).get(0);
        assertFalse(listed.intact(), "the listing checks the checksums");
        assertTrue(listed.problem().startsWith("part " + BackupService.POSTGRES_PART + " does not match its checksum"),
                listed.problem());

        InvalidStateException why = assertThrows(InvalidStateException.class, () -> backups().restore(store.id(),
                backup.backupId(), BackupService.Into.SAME, "ops"));
        assertTrue(why.getMessage().startsWith("Backup " + backup.backupId() + " cannot be restored: part "
                + BackupService.POSTGRES_PART + " does not match its checksum"), why.getMessage());
        assertEquals(calls, containers.calls.size(), "no command ran in the store: no safety backup, no restore");
        assertEquals(changed, db.tables());
        assertEquals(1, backups().list(store.id()).size());
        AuditEvent refusal = fx.auditNewestFirst().get(0);
        assertEquals(ActionType.RESTORE, refusal.action());
        assertEquals(Outcome.REJECTED, refusal.outcome());

        assertThrows(InvalidStateException.class, () -> backups().restore(store.id(), backup.backupId(),
                BackupService.Into.newStore("Flip Copy"), "ops"));
        assertTrue(fx.stores().list().stream().noneMatch(s -> s.name().equals("Flip Copy")), "no store created");
    }

    /**
     * Team mode: a restore into the same store holds the store's lease while the data goes back, so
     * another console's upgrade or delete is refused meanwhile, and a restore is refused while
     * another console holds it (played by its lease row, as another process writes it).
     */
    @Test
    void aRestoreIntoTheSameStoreHoldsTheStoresLeaseAcrossConsoles() throws Exception {
        medusaStore("Lease Shop");
        Store store = ready("Lease Shop", "medusa");
        Manifest backup = backups().backup(store.id(), null, "ops").result().get(60, TimeUnit.SECONDS);
        try (java.sql.Connection c = fx.jdbc(); java.sql.PreparedStatement taken = c.prepareStatement(
                "UPDATE store SET lease_holder = 'other-process', lease_holder_name = 'bob via laptop-2',"
                        + " lease_operation = 'upgrade', lease_expires_at = ? WHERE id = ?")) {
            taken.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(5));
            taken.setLong(2, store.id());
            assertEquals(1, taken.executeUpdate());
        }
        int calls = containers.calls.size();
        ConflictException refused = assertThrows(ConflictException.class, () -> backups().restore(store.id(),
                backup.backupId(), BackupService.Into.SAME, "ops"));
        assertTrue(refused.getMessage().startsWith("Store 'Lease Shop' is being upgraded by bob via laptop-2 (lease"
                + " until "), refused.getMessage());
        assertEquals(calls, containers.calls.size(), "nothing ran in the store");
        assertEquals(Outcome.REJECTED, fx.auditNewestFirst().get(0).outcome());
        assertEquals("other-process upgrade", lease(store), "the other console's lease is left as it was");

        try (java.sql.Connection c = fx.jdbc(); java.sql.Statement free = c.createStatement()) {
            free.executeUpdate("UPDATE store SET lease_holder = NULL, lease_holder_name = NULL, lease_operation = NULL,"
                    + " lease_expires_at = NULL");
        }
        containers.holdAfterFirstChunk();
        DataJob<BackupService.RestoreResult> restore = backups().restore(store.id(), backup.backupId(),
                BackupService.Into.SAME, "ops");
        assertTrue(containers.firstChunk.await(30, TimeUnit.SECONDS), "the safety backup started streaming");
        String held = lease(store);
        assertTrue(held.endsWith(" " + BackupService.RESTORE_LEASE) && !held.startsWith("other-process"),
                "this console holds it while the data goes back: " + held);
        containers.release();
        assertTrue(restore.result().get(60, TimeUnit.SECONDS).verification().ok());
        assertEquals("null null", lease(store), "given up once the data is back");

        // A restore cancelled while it waits behind a backup never runs, and gives the lease up all the same.
        containers.holdAfterFirstChunk();
        DataJob<Manifest> busy = backups().backup(store.id(), null, "ops");
        assertTrue(containers.firstChunk.await(30, TimeUnit.SECONDS));
        DataJob<BackupService.RestoreResult> waiting = backups().restore(store.id(), backup.backupId(),
                BackupService.Into.SAME, "ops");
        assertTrue(lease(store).endsWith(" " + BackupService.RESTORE_LEASE), lease(store));
        assertTrue(waiting.cancel());
        containers.release();
        busy.result().get(60, TimeUnit.SECONDS);
        assertThrows(CancellationException.class, () -> waiting.result().join());
        fx.settle();
        assertEquals("null null", lease(store), "a cancelled restore keeps no lease");
    }

    /** The store row's lease holder and operation, as another console would read them. */
    private String lease(Store store) throws java.sql.SQLException {
        try (java.sql.Connection c = fx.jdbc(); java.sql.PreparedStatement q = c.prepareStatement(
                "SELECT lease_holder, lease_operation FROM store WHERE id = ?")) {
            q.setLong(1, store.id());
            try (java.sql.ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1) + " " + rs.getString(2);
            }
        }
    }

    @Test
    void aCancelledBackupLeavesNothingListedAndNoFileBehind() throws Exception {
        medusaStore("Slow Shop");
        Store store = ready("Slow Shop", "medusa");
        containers.holdAfterFirstChunk();
        DataJob<Manifest> job = backups().backup(store.id(), null, "ops");
        assertTrue(containers.firstChunk.await(30, TimeUnit.SECONDS), "the dump started streaming");
        assertTrue(job.progress().bytes() > 0, "progress in bytes: " + job.progress());
        assertTrue(job.cancel());
        containers.release();
        assertThrows(CancellationException.class, () -> job.result().join());
        assertEquals(List.of(), backups().list(store.id()));
        assertEquals(List.of(), filesUnder(fx.backupDirectory()), "no archive and no partial file");
        AuditEvent last = fx.auditNewestFirst().get(0);
        assertEquals(ActionType.BACKUP_FAILED, last.action());
        assertTrue(last.detail().startsWith("cancelled"), last.detail());
    }

    @Test
    void aSuspendedStoreIsNotBackedUpAndTheRefusalIsAudited() {
        medusaStore("Asleep Shop");
        Store store = ready("Asleep Shop", "medusa");
        fx.stores().suspend(store.id(), "ops");
        fx.settle();
        InvalidStateException refused = assertThrows(InvalidStateException.class,
                () -> backups().backup(store.id(), null, "ops"));
        assertTrue(refused.getMessage().endsWith("Resume it first."), refused.getMessage());
        AuditEvent last = fx.auditNewestFirst().get(0);
        assertEquals(ActionType.BACKUP, last.action());
        assertEquals(Outcome.REJECTED, last.outcome());
        assertEquals(List.of(), containers.calls);
    }

    @Test
    void aWooCommerceCloneToStagingGetsTheDataAndFilesWithItsOwnSiteAddressAndPassesVerification() throws Exception {
        TestMariaDb mariadb = TestMariaDb.server();
        String source = mariadb.freshDatabase();
        mariadb.query(source, WooCommerceShape.SCHEMA + WooCommerceShape.rows(ORDERS));
        Path sourceRoot = wordpressRoot("source", "uploads/2026/12/logo.png", "a picture");
        wooCommerce("Corner Shop", mariadb, source, sourceRoot);
        String clone = mariadb.freshDatabase();
        Path cloneRoot = Files.createDirectories(dir.resolve("clone-root/wp-content"));
        wooCommerce("Corner Shop" + BackupService.STAGING_SUFFIX, mariadb, clone, cloneRoot.getParent());
        Store store = ready("Corner Shop", "woocommerce");

        BackupService.RestoreResult result = backups().cloneToStaging(store.id(), "ops").result().get(90, TimeUnit.SECONDS);
        Store staging = result.store();
        assertEquals("Corner Shop (staging)", staging.name());
        assertEquals(StoreStatus.READY, fx.stores().get(staging.id()).status());
        assertEquals(2, fx.stores().get(staging.id()).helmRevision(), "the chart's setup ran again on the restored data");
        assertTrue(result.verification().ok(), result.verification().detail());
        assertEquals(staging.url(), mariadb.query(clone, "SELECT option_value FROM wp_options WHERE option_name = 'home'").strip());
        assertEquals(staging.url(), mariadb.query(clone, "SELECT option_value FROM wp_options WHERE option_name = 'siteurl'").strip());
        assertEquals(orders(mariadb, source), orders(mariadb, clone), "the same orders, byte for byte");
        assertEquals("a picture", Files.readString(cloneRoot.resolve("uploads/2026/12/logo.png")));
        assertEquals(WooCommerceShape.SITE_URL,
                mariadb.query(source, "SELECT option_value FROM wp_options WHERE option_name = 'home'").strip(),
                "the source is untouched");
        List<String> parts = backups().list(store.id()).get(0).manifest().parts().stream().map(Part::name).toList();
        assertEquals(List.of(BackupService.MARIADB_PART, BackupService.FILES_PART), parts);
        assertEquals(ActionType.CLONE, fx.auditNewestFirst().stream().filter(e -> e.storeId() != null
                && e.storeId() == store.id() && e.action() == ActionType.CLONE).findFirst().orElseThrow().action());
    }

    /**
     * RESTORING while the data goes back; a restore cut part-way (here cancelled as its stream began)
     * leaves a Medusa store READY with its data as it was (PostgreSQL restores in one transaction)
     * and a WooCommerce store FAILED, saying the data may be partly restored and how to get back.
     */
    @Test
    void aRestoreCutPartWayLeavesMedusaAsItWasAndWooCommerceFailedInWords() throws Exception {
        MedusaStandIn db = medusaStore("Cut Shop");
        Store medusa = ready("Cut Shop", "medusa");
        Manifest medusaBackup = backups().backup(medusa.id(), null, "ops").result().get(60, TimeUnit.SECONDS);
        db.execute("DELETE FROM order_item");
        Map<String, String> changed = db.tables();
        assertEquals(StoreStatus.READY, cutRestore(medusa, medusaBackup).status());
        assertEquals(changed, db.tables(), "nothing of the cut restore stays: the data as it was");

        TestMariaDb mariadb = TestMariaDb.server();
        String database = mariadb.freshDatabase();
        mariadb.query(database, WooCommerceShape.SCHEMA + WooCommerceShape.rows(ORDERS));
        wooCommerce("Cut Woo", mariadb, database, wordpressRoot("cut-woo", "uploads/a.txt", "a"));
        Store woo = ready("Cut Woo", "woocommerce");
        Manifest wooBackup = backups().backup(woo.id(), null, "ops").result().get(60, TimeUnit.SECONDS);
        Store failed = cutRestore(woo, wooBackup);
        assertEquals(StoreStatus.FAILED, failed.status());
        String safety = backups().list(woo.id()).get(0).manifest().backupId();
        assertEquals("Restoring backup " + wooBackup.backupId() + " stopped part-way (cancelled): its data may be partly"
                + " restored. Retry the store (it is installed again with its data as it is), then restore its safety"
                + " backup " + safety + " from the Backups tab.", failed.lastError());
    }

    /** A console killed mid-restore leaves its stores RESTORING: the next start settles them in words. */
    @Test
    void storesLeftRestoringByAStoppedConsoleAreSettledAtTheNextStart() throws Exception {
        Store medusa = fx.stores().create(new NewStoreRequest("Left Medusa", "ann", null, "medusa"), "ops");
        Store woo = fx.stores().create(new NewStoreRequest("Left Woo", "ann", null, "woocommerce"), "ops");
        fx.settle();
        fx.close();
        try (java.sql.Connection c = fx.jdbc(); java.sql.Statement left = c.createStatement()) {
            assertEquals(2, left.executeUpdate("UPDATE store SET status = 'RESTORING'"));
        }
        fx.open();
        fx.stores().reconcile();
        fx.settle();

        assertEquals(StoreStatus.READY, fx.stores().get(medusa.id()).status(), "PostgreSQL rolled the cut restore back");
        Store failed = fx.stores().get(woo.id());
        assertEquals(StoreStatus.FAILED, failed.status());
        assertEquals("Restoring a backup stopped part-way (the console stopped while its data went back): its data may"
                + " be partly restored. Retry the store (it is installed again with its data as it is), then restore one"
                + " of its backups from the Backups tab.", failed.lastError());
        List<String> reconciled = fx.auditNewestFirst().stream().filter(e -> e.action() == ActionType.RECONCILED)
                .map(e -> e.storeName() + ": " + e.detail()).toList();
        assertTrue(reconciled.contains("Left Medusa: a restore interrupted by a restart changed nothing (PostgreSQL"
                + " restores in one transaction): ready as it was"), reconciled.toString());
        assertTrue(reconciled.contains("Left Woo: a restore interrupted by a restart: " + failed.lastError()),
                reconciled.toString());
    }

    /** Starts a restore into the same store, sees it RESTORING mid-stream, cancels it: the store after. */
    private Store cutRestore(Store store, Manifest backup) throws Exception {
        containers.holdInputAfterFirstChunk();
        DataJob<BackupService.RestoreResult> job = backups().restore(store.id(), backup.backupId(),
                BackupService.Into.SAME, "ops");
        assertTrue(containers.firstChunk.await(60, TimeUnit.SECONDS), "the restore began (its input held)");
        assertEquals(StoreStatus.RESTORING, fx.stores().get(store.id()).status());
        assertTrue(job.cancel());
        containers.release();
        assertThrows(CancellationException.class, () -> job.result().join());
        fx.settle();
        assertEquals(ActionType.RESTORE_FAILED, fx.auditNewestFirst().stream()
                .filter(e -> e.action().name().startsWith("RESTORE")).findFirst().orElseThrow().action());
        return fx.stores().get(store.id());
    }

    @Test
    void aCloneWhoseRestoreFailsIsDeletedAgainAndTheFailureSaysWhy() throws Exception {
        medusaStore("Broken Source");
        Store store = ready("Broken Source", "medusa");
        Manifest backup = backups().backup(store.id(), null, "ops").result().get(60, TimeUnit.SECONDS);
        // No container for the new store's namespace: its restore cannot run.
        CompletionException failed = assertThrows(CompletionException.class, () -> backups().restore(store.id(),
                backup.backupId(), BackupService.Into.newStore("Orphan Copy"), "ops").result().join());
        assertTrue(failed.getCause().getMessage().contains("no running pod"), failed.getCause().getMessage());
        fx.settle();
        assertTrue(fx.stores().list().stream().noneMatch(s -> s.name().equals("Orphan Copy")), "the half clone is gone");
        assertEquals(ActionType.RESTORE_FAILED, fx.auditNewestFirst().stream().filter(e -> e.action()
                .name().startsWith("RESTORE")).findFirst().orElseThrow().action());
    }

    // ---- stores and their stand-in containers ------------------------------------------------

    private Store ready(String name, String type) {
        return new StandInStores(fx, containers).ready(name, type);
    }

    private MedusaStandIn medusaStore(String name) {
        return new StandInStores(fx, containers).medusaStore(name);
    }

    private void wooCommerce(String name, TestMariaDb mariadb, String database, Path wordpressRoot) {
        Map<String, String> env = new HashMap<>(mariadb.clientEnvironment());
        env.put("MARIADB_DATABASE", database);
        env.put("MARIADB_ROOT_PASSWORD", mariadb.rootPassword());
        containers.add(namespace(name), BackupCommands.MARIADB.container(), env, null);
        containers.add(namespace(name), BackupCommands.WORDPRESS.container(), Map.of(), wordpressRoot);
    }

    private static String namespace(String name) {
        return StandInStores.namespace(name);
    }

    private Path wordpressRoot(String name, String file, String content) throws IOException {
        Path root = dir.resolve(name + "-root");
        Path path = root.resolve("wp-content").resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        return root;
    }

    private static String orders(TestMariaDb mariadb, String database) {
        return mariadb.query(database, "CHECKSUM TABLE wp_wc_orders").split("\t")[1].strip() + "/"
                + mariadb.query(database, "SELECT COUNT(*) FROM wp_wc_orders").strip();
    }

    private Path onlyArchive(Store store) throws IOException {
        List<Path> files = filesUnder(fx.backupDirectory());
        assertEquals(1, files.size(), files.toString());
        return files.get(0);
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Flips one byte of the dump as it lies in the archive: its parts are not compressed, so the
     * dump's own bytes are found in the file by content, and one of them changed.
     */
    private static void flipOneByteOfTheDump(Path archive) throws IOException {
        byte[] probe;
        try (ZipFile zip = new ZipFile(archive.toFile());
                InputStream in = zip.getInputStream(zip.getEntry(BackupService.POSTGRES_PART))) {
            in.skipNBytes(200);
            probe = in.readNBytes(64);
        }
        byte[] bytes = Files.readAllBytes(archive);
        int at = indexOf(bytes, probe);
        assertTrue(at > 0, "the dump's bytes are in the archive as they are");
        bytes[at + 32] ^= 0x01;
        Files.write(archive, bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
