package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Rollout;
import dev.storefleet.domain.RolloutEntry;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.RolloutStatus;
import dev.storefleet.domain.RolloutStoreStatus;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.BackupArchives.Listed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Back up first" on a manual upgrade and on a rollout, through the services on the real H2 file
 * and real archives: the Medusa stores' database containers are local processes dumping real
 * PostgreSQL databases ({@link StandInStores}); a store with no container registered is one whose
 * backup fails ("no running pod"). The cluster is the fake one, whose calls show what Helm was asked.
 */
@Timeout(180)
class BackupFirstTest {
    private static final Map<String, Object> VALUES = Map.of("medusa", Map.of("replicaCount", 2));

    @TempDir
    Path dir;
    ServiceFixture fx;
    LocalContainers containers;
    StandInStores standIns;

    @BeforeEach
    void open() {
        containers = new LocalContainers();
        fx = new ServiceFixture(dir, new FakeStoreOrders(), containers);
        standIns = new StandInStores(fx, containers);
    }

    @AfterEach
    void close() {
        containers.release();
        fx.close();
    }

    @Test
    void anUpgradeWithBackupFirstBacksTheStoreUpAtItsRevisionThenUpgradesIt() throws Exception {
        standIns.medusaStore("First Shop");
        Store store = standIns.ready("First Shop", "medusa");
        int before = store.helmRevision();

        Store asked = fx.stores().upgrade(store.id(), Map.of(), "ops", true).get(60, TimeUnit.SECONDS);
        assertEquals(StoreStatus.UPGRADING, asked.status(), "the upgrade is asked for once the backup is written");
        fx.settle();

        List<Listed> backups = fx.app().backups().list(store.id());
        assertEquals(1, backups.size());
        assertTrue(backups.get(0).intact(), backups.get(0).problem());
        assertEquals(before, backups.get(0).manifest().helmRevision(), "the backup holds the revision before the upgrade");
        assertEquals("before upgrade", backups.get(0).manifest().reason());
        Store after = fx.stores().get(store.id());
        assertEquals(StoreStatus.READY, after.status(), after.lastError());
        assertEquals(before + 1, after.helmRevision());
        assertTrue(indexOf(store, ActionType.BACKUP_SUCCEEDED) < firstUpgradeAccepted(store),
                "backed up before the upgrade was asked for: " + actionsOf(store));
    }

    @Test
    void aFailedBackupLeavesTheStoreReadyAtItsRevisionAndNothingIsUpgraded() throws Exception {
        Store store = standIns.ready("Bare Shop", "medusa"); // no container: its backup cannot run
        long installs = installsOf(store);

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> fx.stores().upgrade(store.id(), Map.of(), "ops", true).get(60, TimeUnit.SECONDS));
        InvalidStateException why = assertInstanceOf(InvalidStateException.class, failed.getCause());
        assertTrue(why.getMessage().startsWith("backup before upgrade failed: ")
                && why.getMessage().contains("no running pod") && why.getMessage().contains("not upgraded"),
                why.getMessage());
        fx.settle();

        Store after = fx.stores().get(store.id());
        assertEquals(StoreStatus.READY, after.status());
        assertEquals(store.helmRevision(), after.helmRevision());
        assertEquals(installs, installsOf(store), "Helm was not asked to upgrade: " + fx.cluster().calls());
        assertEquals(List.of(), fx.app().backups().list(store.id()), "nothing kept of the failed backup");
        List<AuditEvent> events = eventsOf(store);
        assertTrue(events.stream().anyMatch(e -> e.action() == ActionType.BACKUP_FAILED), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.action() == ActionType.UPGRADE && e.outcome() == Outcome.REJECTED
                && e.detail().startsWith("backup before upgrade failed: ")), events.toString());
        assertTrue(events.stream().noneMatch(e -> e.action() == ActionType.UPGRADE && e.outcome() == Outcome.SUCCESS),
                events.toString());
    }

    @Test
    void anUpgradeThatWouldBeRefusedIsRefusedAtOnceWithoutABackup() {
        standIns.medusaStore("Asleep Shop");
        Store store = standIns.ready("Asleep Shop", "medusa");
        fx.stores().suspend(store.id(), "ops");
        fx.settle();
        int execs = containers.calls.size();

        InvalidStateException refused = assertThrows(InvalidStateException.class,
                () -> fx.stores().upgrade(store.id(), Map.of(), "ops", true));
        assertTrue(refused.getMessage().contains("suspended"), refused.getMessage());
        assertEquals(execs, containers.calls.size(), "no backup ran");
        assertEquals(StoreStatus.SUSPENDED, fx.stores().get(store.id()).status());
    }

    @Test
    void aRolloutWithBackupFirstBacksEachStoreUpBeforeItsUpgrade() throws Exception {
        standIns.medusaStore("Wave One");
        standIns.medusaStore("Wave Two");
        Store one = standIns.ready("Wave One", "medusa");
        Store two = standIns.ready("Wave Two", "medusa");

        Rollout done = finished(fx.app().rollouts().start(plan(List.of(one.id(), two.id()), 0), "ops"));
        assertEquals(RolloutStatus.PASSED, done.status(), done.reason());
        for (Store store : List.of(one, two)) {
            List<Listed> backups = fx.app().backups().list(store.id());
            assertEquals(1, backups.size(), store.name());
            assertEquals(store.helmRevision(), backups.get(0).manifest().helmRevision());
            assertEquals("before upgrade in rollout " + done.id(), backups.get(0).manifest().reason());
            assertEquals(store.helmRevision() + 1, fx.stores().get(store.id()).helmRevision());
            assertTrue(indexOf(store, ActionType.BACKUP_SUCCEEDED) < firstUpgradeAccepted(store),
                    "backed up before its upgrade: " + actionsOf(store));
        }
        assertTrue(done.plan().backupFirst(), "the plan keeps it");
    }

    @Test
    void aRolloutStoreWhoseBackupFailsHaltsTheRolloutAndIsNotUpgraded() throws Exception {
        standIns.medusaStore("Canary Shop");
        Store canary = standIns.ready("Canary Shop", "medusa");
        Store bare = standIns.ready("Podless Shop", "medusa"); // no container: its backup fails
        long installs = installsOf(bare);

        Rollout done = finished(fx.app().rollouts().start(plan(List.of(canary.id(), bare.id()), 1), "ops"));
        assertEquals(RolloutStatus.HALTED, done.status());
        assertTrue(done.reason().contains("Podless Shop") && done.reason().contains("backup before upgrade failed: "),
                done.reason());
        RolloutEntry failed = entryOf(done, bare);
        assertEquals(RolloutStoreStatus.FAILED, failed.status(), failed.detail());
        Store after = fx.stores().get(bare.id());
        assertEquals(StoreStatus.READY, after.status());
        assertEquals(bare.helmRevision(), after.helmRevision());
        assertEquals(installs, installsOf(bare), "never upgraded: " + fx.cluster().calls());
        assertEquals(RolloutStoreStatus.PASSED, entryOf(done, canary).status(), "the canary wave keeps its upgrade");
        assertEquals(canary.helmRevision() + 1, fx.stores().get(canary.id()).helmRevision());
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static RolloutPlan plan(List<Long> ids, int canary) {
        return new RolloutPlan(ids, null, VALUES, null, canary, List.of(100), 1, false, Duration.ofSeconds(120), false,
                true);
    }

    /** Waits for the rollout to have no work left (the class's timeout bounds it). */
    private Rollout finished(Rollout started) throws InterruptedException {
        Rollout now = fx.app().rollouts().get(started.id());
        while (now.finishedAt() == null) {
            Thread.sleep(50);
            now = fx.app().rollouts().get(started.id());
        }
        fx.settle();
        return now;
    }

    private static RolloutEntry entryOf(Rollout rollout, Store store) {
        return rollout.waves().stream().flatMap(w -> w.stores().stream()).filter(e -> e.storeId() == store.id())
                .findFirst().orElseThrow();
    }

    private long installsOf(Store store) {
        return fx.cluster().calls().stream().filter(c -> c.equals("INSTALL " + store.releaseName())).count();
    }

    /** The store's audit rows, oldest first. */
    private List<AuditEvent> eventsOf(Store store) {
        return fx.auditNewestFirst().stream().filter(e -> e.storeId() != null && e.storeId() == store.id())
                .sorted(Comparator.comparing(AuditEvent::id)).toList();
    }

    private List<ActionType> actionsOf(Store store) {
        return eventsOf(store).stream().map(AuditEvent::action).toList();
    }

    private int indexOf(Store store, ActionType action) {
        int at = actionsOf(store).indexOf(action);
        assertTrue(at >= 0, action + " in " + actionsOf(store));
        return at;
    }

    /** Where the accepted upgrade request is in the store's audit (the provisioning's rows come first). */
    private int firstUpgradeAccepted(Store store) {
        List<AuditEvent> events = eventsOf(store);
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).action() == ActionType.UPGRADE && events.get(i).outcome() == Outcome.SUCCESS) {
                return i;
            }
        }
        throw new AssertionError("no accepted upgrade in " + actionsOf(store));
    }
}
