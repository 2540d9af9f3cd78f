package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.ConflictException;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.RolloutStatus;
import dev.storefleet.domain.RolloutStoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.port.AuditLog.AuditQuery;
import dev.storefleet.service.port.RolloutRepository;
import dev.storefleet.service.port.RolloutRepository.Membership;
import dev.storefleet.service.port.RolloutRepository.Recorded;
import dev.storefleet.service.port.RolloutRepository.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollouts' SQL (migration V8, {@link JpaRolloutRepository}): a rollout read back whole, its
 * stores' steps as written, and the one-open-rollout-per-store guard under a race. On the H2 file
 * the race is two threads of one console (the file has one process); on PostgreSQL
 * ({@link RolloutRepositoryOnPostgresTest}) two consoles, each with its own {@link Database}.
 * Rollout rows keep store ids without a foreign key, so no stores are made here.
 */
@Timeout(60)
class RolloutRepositoryTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;
    protected DatabaseTarget target;
    protected Database db;

    /** The database under test: the H2 file; PostgreSQL in {@link RolloutRepositoryOnPostgresTest}. */
    protected DatabaseTarget database() {
        return DatabaseTarget.h2(dir);
    }

    /** A second console's rollouts on the same database: on the H2 file, the same process's. */
    protected RolloutRepository secondConsole() {
        return db.rollouts();
    }

    @BeforeEach
    void open() {
        target = database();
        db = Database.open(target);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static RolloutPlan plan(List<Long> ids) {
        return new RolloutPlan(ids, null, Map.of("wordpress", Map.of("resources", Map.of("requests", Map.of("cpu", "150m"))),
                "replicas", 2, "debug", true), "0.1.0", 1, List.of(25, 100), 3, false, Duration.ofSeconds(90), true,
                true); // back up first: kept in the plan's JSON like the rest
    }

    private static List<Step> steps(long... ids) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            steps.add(Step.pending(ids[i], "shop-" + ids[i], i == 0 ? 0 : i <= 2 ? 1 : 2));
        }
        return steps;
    }

    @Test
    void aRolloutIsReadBackWholeItsPlanWavesAndStoresInOrder() {
        List<Step> steps = new ArrayList<>(steps(11, 12, 13, 14, 15));
        steps.set(3, steps.get(3).with(RolloutStoreStatus.SKIPPED, "already at woocommerce-0.1.0 and the plan sets no values"));
        Recorded inserted = db.rollouts().insert(plan(List.of(11L, 12L, 13L, 14L, 15L)), "ops", NOW, steps,
                id -> new AuditEvent(null, NOW, ActionType.ROLLOUT_STARTED, Outcome.SUCCESS, null, null, "ops", "rollout " + id, null));
        RolloutPlan selector = new RolloutPlan(List.of(), new RolloutPlan.Selector(StoreType.MEDUSA, true), Map.of(), null, 0,
                List.of(100), 1, true, Duration.ofMinutes(10), false);
        Recorded second = db.rollouts().insert(selector, "ops", NOW, steps(21), id -> null);

        Recorded read = db.rollouts().find(inserted.id()).orElseThrow();
        assertEquals(plan(List.of(11L, 12L, 13L, 14L, 15L)), read.plan(), "the plan's JSON round trip");
        assertEquals(selector, db.rollouts().find(second.id()).orElseThrow().plan());
        assertEquals(steps, read.steps(), "every step as written, in wave order");
        assertEquals(List.of(1, 2, 2), read.rollout().waves().stream().map(w -> w.stores().size()).toList());
        assertEquals(List.of(12L, 13L), read.rollout().waves().get(1).stores().stream().map(e -> e.storeId()).toList());
        assertEquals(RolloutStatus.RUNNING, read.status());
        assertEquals("ops", read.actor());
        assertEquals(NOW, read.createdAt());
        assertTrue(read.open());
        assertEquals(List.of(second.id(), inserted.id()), db.rollouts().findAll().stream().map(Recorded::id).toList(),
                "newest first");
        assertEquals(steps, db.rollouts().findAll().get(1).steps());
        assertEquals(List.of(inserted.id(), second.id()), db.rollouts().openIds(), "oldest first");
        assertEquals(1, db.auditLog().page(new AuditQuery(null, null, ActionType.ROLLOUT_STARTED, 0, 10)).size(),
                "the start's audit row in its transaction");
    }

    @Test
    void aStoreStepsThroughItsGateAndTheRolloutFinishes() {
        Recorded r = db.rollouts().insert(plan(List.of(31L, 32L)), "ops", NOW, steps(31, 32), id -> null);
        Step step = r.step(31).orElseThrow().upgrading(4, "upgrading from revision 4");
        db.rollouts().updateStep(r.id(), step, NOW.plusSeconds(1), null);
        assertEquals(step, read(r.id(), 31));
        assertFalse(read(r.id(), 31).upgradeRequested());

        step = step.withUpgradeRequested();
        db.rollouts().updateStep(r.id(), step, NOW.plusSeconds(2), null);
        assertTrue(read(r.id(), 31).upgradeRequested(), "a restart must not ask twice");
        step = step.deployed(5).with(RolloutStoreStatus.UPGRADING, "revision 5 ready; waiting for it to be healthy");
        db.rollouts().updateStep(r.id(), step, NOW.plusSeconds(3), new AuditEvent(null, NOW, ActionType.ROLLOUT_STORE_UPGRADED,
                Outcome.SUCCESS, 31L, "shop-31", "ops", "rollout " + r.id() + ": revision 4 -> 5", null));
        step = step.with(RolloutStoreStatus.VERIFYING, "verifying");
        db.rollouts().updateStep(r.id(), step, NOW.plusSeconds(4), null);
        step = step.with(RolloutStoreStatus.FAILED, "failed verification: HTTP 500");
        db.rollouts().updateStep(r.id(), step, NOW.plusSeconds(5), null);
        step = step.withRollbackRequested().with(RolloutStoreStatus.ROLLED_BACK, "rolled back to revision 4 (now revision 6)");
        db.rollouts().updateStep(r.id(), step, NOW.plusSeconds(6), null);
        Step back = read(r.id(), 31);
        assertEquals(new Step(31, "shop-31", 0, RolloutStoreStatus.ROLLED_BACK, "rolled back to revision 4 (now revision 6)", 4, 5,
                true, true), back);
        assertEquals(NOW.plusSeconds(6), db.rollouts().find(r.id()).orElseThrow().head().updatedAt());
        assertEquals(1, db.auditLog().page(new AuditQuery(31L, null, ActionType.ROLLOUT_STORE_UPGRADED, 0, 10)).size());

        String reason = "Store 'shop-31' failed verification in the canary wave: HTTP 500.";
        Recorded halted = db.rollouts().update(r.id(), h -> h.with(RolloutStatus.HALTED, reason, NOW.plusSeconds(7)).atWave(0,
                NOW.plusSeconds(7)), h -> null);
        assertEquals(RolloutStatus.HALTED, halted.status());
        assertEquals(reason, db.rollouts().find(r.id()).orElseThrow().head().reason());
        assertEquals(Optional.of(new Membership(r.id(), RolloutStatus.HALTED, 0, 2)), db.rollouts().openRolloutOf(32),
                "halted but open: its stores still belong to it");

        db.rollouts().update(r.id(), h -> h.finished(NOW.plusSeconds(8)), h -> new AuditEvent(null, NOW.plusSeconds(8),
                ActionType.ROLLOUT_FINISHED, Outcome.FAILURE, null, null, "ops", "rollout " + r.id() + " halted", null));
        Recorded finished = db.rollouts().find(r.id()).orElseThrow();
        assertEquals(NOW.plusSeconds(8), finished.head().finishedAt());
        assertFalse(finished.open());
        assertEquals(List.of(), db.rollouts().openIds());
        assertEquals(Optional.empty(), db.rollouts().openRolloutOf(32), "a finished rollout holds no store");
        assertEquals(1, db.auditLog().page(new AuditQuery(null, null, ActionType.ROLLOUT_FINISHED, 0, 10)).size());
        assertNull(db.rollouts().find(r.id() + 100).orElse(null));
    }

    @Test
    void aPendingStoreIsStartedOrSkippedOnlyWhileItsRolloutRunsAndOnlyOnce() {
        Recorded r = db.rollouts().insert(plan(List.of(51L, 52L)), "ops", NOW, steps(51, 52), id -> null);
        db.rollouts().update(r.id(), h -> h.with(RolloutStatus.PAUSED, "paused by ops", NOW), h -> null);
        Step start = r.step(51).orElseThrow().upgrading(3, "upgrading from revision 3");
        assertFalse(db.rollouts().decidePending(r.id(), start, NOW.plusSeconds(1)), "a pause that committed first wins");
        assertEquals(RolloutStoreStatus.PENDING, read(r.id(), 51).status());
        assertFalse(db.rollouts().decidePending(r.id(), r.step(52).orElseThrow().with(RolloutStoreStatus.SKIPPED, "at target"),
                NOW.plusSeconds(1)), "nor is a skip decided while paused");
        assertEquals(RolloutStoreStatus.PENDING, read(r.id(), 52).status());

        db.rollouts().update(r.id(), h -> h.with(RolloutStatus.RUNNING, "resumed by ops", NOW.plusSeconds(2)), h -> null);
        assertTrue(db.rollouts().decidePending(r.id(), start, NOW.plusSeconds(3)));
        assertEquals(start, read(r.id(), 51));
        assertEquals(NOW.plusSeconds(3), db.rollouts().find(r.id()).orElseThrow().head().updatedAt());
        assertFalse(db.rollouts().decidePending(r.id(), start.with(RolloutStoreStatus.SKIPPED, "again"), NOW.plusSeconds(4)),
                "a store already started is not decided twice");
        assertEquals(start, read(r.id(), 51));

        db.rollouts().update(r.id(), h -> h.with(RolloutStatus.ABORTED, "aborted by ops", NOW.plusSeconds(5)), h -> null);
        assertFalse(db.rollouts().decidePending(r.id(), r.step(52).orElseThrow().upgrading(3, "upgrading"), NOW.plusSeconds(6)));
        assertFalse(db.rollouts().decidePending(r.id() + 100, start, NOW), "an unknown rollout decides nothing");
    }

    @Test
    void aStoreInAnOpenRolloutIsRefusedToAnotherInWords() {
        Recorded first = db.rollouts().insert(plan(List.of(41L, 42L)), "ops", NOW, steps(41, 42), id -> null);
        db.rollouts().update(first.id(), h -> h.with(RolloutStatus.PAUSED, "paused by ops", NOW), h -> null);
        ConflictException refused = assertThrows(ConflictException.class,
                () -> db.rollouts().insert(plan(List.of(43L, 42L)), "bob", NOW, steps(43, 42), id -> null));
        assertEquals("Store 'shop-42' is already in rollout " + first.id() + " (paused); a store is in one rollout at a time."
                + " Wait for that one to finish, or abort it.", refused.getMessage());
        assertEquals(List.of(first.id()), db.rollouts().openIds(), "nothing of the refused one written");
        assertEquals(Optional.empty(), db.rollouts().openRolloutOf(43));
    }

    /** Two consoles start rollouts over the same store at the same moment, ten times: each time exactly one wins. */
    @Test
    void twoConsolesRacingForAStoreOneWins() throws Exception {
        RolloutRepository mine = db.rollouts();
        RolloutRepository theirs = secondConsole();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 10; i++) {
                int round = i;
                long shared = 1000 + round;
                CyclicBarrier together = new CyclicBarrier(2);
                Callable<Long> a = () -> {
                    together.await(5, TimeUnit.SECONDS);
                    return mine.insert(plan(List.of(shared, 2000L + round)), "alice", NOW, steps(shared, 2000 + round), id -> null).id();
                };
                Callable<Long> b = () -> {
                    together.await(5, TimeUnit.SECONDS);
                    return theirs.insert(plan(List.of(3000L + round, shared)), "bob", NOW, steps(3000 + round, shared), id -> null).id();
                };
                Future<Long> fa = pool.submit(a);
                Future<Long> fb = pool.submit(b);
                List<Long> won = new ArrayList<>();
                int conflicts = 0;
                for (Future<Long> f : List.of(fa, fb)) {
                    try {
                        won.add(f.get(30, TimeUnit.SECONDS));
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertTrue(e.getCause() instanceof ConflictException, String.valueOf(e.getCause()));
                        assertTrue(e.getCause().getMessage().startsWith("Store 'shop-" + shared + "' is already in rollout "),
                                e.getCause().getMessage());
                        conflicts++;
                    }
                }
                assertEquals(1, won.size(), "round " + round + ": exactly one console took the store");
                assertEquals(1, conflicts);
                assertEquals(won.get(0), mine.openRolloutOf(shared).orElseThrow().rolloutId());
                assertEquals(won.get(0), theirs.openRolloutOf(shared).orElseThrow().rolloutId(), "both consoles see the winner");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(10, db.rollouts().openIds().size());
    }

    /**
     * A store's step written while the rollout's head changes (an abort, a pause, the next wave)
     * must not write the head's old values back: read unlocked and flushed whole, it did, and an
     * aborted rollout then "passed". Here 300 head changes race with steps written without pause;
     * every one of them must be there at the end.
     */
    @Test
    void stepsWrittenWhileTheRolloutChangesLoseNoChangeOfIt() throws Exception {
        Recorded r = db.rollouts().insert(plan(List.of(61L)), "ops", NOW, steps(61), id -> null);
        Step step = r.step(61).orElseThrow().upgrading(1, "upgrading");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                writers.add(pool.submit(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        db.rollouts().updateStep(r.id(), step.with(RolloutStoreStatus.UPGRADING, "write " + n), NOW.plusMillis(n), null);
                        n++;
                    }
                    return n;
                }));
            }
            int changes = 300;
            for (int i = 0; i < changes; i++) {
                db.rollouts().update(r.id(), h -> h.atWave(h.currentWave() + 1, NOW), h -> null);
            }
            stop.set(true);
            for (Future<Integer> writer : writers) {
                assertTrue(writer.get(30, TimeUnit.SECONDS) > 0, "the steps were written meanwhile");
            }
            assertEquals(changes, db.rollouts().find(r.id()).orElseThrow().head().currentWave());
        } finally {
            pool.shutdownNow();
        }
    }

    private Step read(long rollout, long store) {
        return db.rollouts().find(rollout).orElseThrow().step(store).orElseThrow();
    }
}
