package dev.storefleet.service;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.RolloutStatus;
import dev.storefleet.domain.RolloutStoreStatus;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreException;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreNotFoundException;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.Verification;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.RolloutRepository.Recorded;
import dev.storefleet.service.port.RolloutRepository.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one open rollout until it has no work left, reading where it stands from the database at
 * every turn (so a driver started after a restart goes on from what was recorded):
 *
 * <ul>
 * <li>RUNNING: the stores of the lowest wave not done are started, at most {@code maxInFlight} at
 * once; when a wave is done, ROLLOUT_WAVE_PASSED, and the next; when all are, PASSED.</li>
 * <li>PAUSED: stores in flight finish their gate; nothing new starts.</li>
 * <li>HALTED (a store failed): stores in flight finish; then the failed wave's upgraded stores are
 * rolled back to their revision before the rollout (the failed one kept if the plan says so), the
 * stores not started are SKIPPED, and the rollout is finished.</li>
 * <li>ABORTED: stores in flight finish; nothing is rolled back; the others are SKIPPED.</li>
 * </ul>
 *
 * A store's part ({@link #runStore}) records UPGRADING with its revision before the upgrade is
 * asked for and marks the request right after it was accepted: a restart goes on to the gate of a
 * store that moved past that revision, and asks again only for one that is still READY at it with
 * no request recorded.
 */
final class RolloutDriver {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutDriver.class);
    /** How long a wait goes without looking again when no change is heard (a change of another console's). */
    private static final long LOOK_AGAIN_MILLIS = 1000;

    private final RolloutService service;
    private final long id;
    private final Map<Long, Future<?>> tasks = new HashMap<>();

    RolloutDriver(RolloutService service, long id) {
        this.service = service;
        this.id = id;
    }

    void run() {
        while (!service.closing()) {
            long mark = service.changeMark();
            tasks.values().removeIf(Future::isDone);
            Recorded r = service.repository.find(id).orElse(null);
            if (r == null || !r.open()) {
                return;
            }
            for (Step s : r.steps()) {
                if (s.status().inFlight() && !tasks.containsKey(s.storeId())) {
                    start(s.storeId()); // after a restart: its gate goes on from what was recorded
                }
            }
            switch (r.status()) {
                case RUNNING -> {
                    Integer wave = currentWave(r);
                    if (wave == null) {
                        if (tasks.isEmpty()) {
                            wavesPassed(r, r.waveCount());
                            finish(r, Outcome.SUCCESS, "passed: every store passed its gate or was skipped");
                            return;
                        }
                    } else {
                        if (wave > r.head().currentWave()) {
                            wavesPassed(r, wave);
                        }
                        for (Step s : r.steps()) {
                            if (tasks.size() >= r.plan().maxInFlight()) {
                                break;
                            }
                            if (s.wave() == wave && s.status() == RolloutStoreStatus.PENDING && !tasks.containsKey(s.storeId())) {
                                start(s.storeId());
                            }
                        }
                    }
                }
                case PAUSED -> {
                    if (tasks.isEmpty()) {
                        return; // resume starts a driver again
                    }
                }
                case HALTED, ABORTED -> {
                    if (tasks.isEmpty()) {
                        settle(r);
                        return;
                    }
                }
                default -> {
                    return;
                }
            }
            service.awaitChange(mark, LOOK_AGAIN_MILLIS);
        }
    }

    private void start(long storeId) {
        tasks.put(storeId, service.submit(() -> {
            try {
                runStore(storeId);
            } catch (StoreException e) {
                LOG.warn("Rollout {}, store {}: {}", id, storeId, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Rollout {}, store {}: unexpected error", id, storeId, e);
                current(storeId).ifPresent(s -> fail(s, "failed unexpectedly", e.toString()));
            }
        }));
    }

    /** The lowest wave with a store not done (pending or in flight); null when every store is done. */
    private static Integer currentWave(Recorded r) {
        return r.steps().stream().filter(s -> s.status() == RolloutStoreStatus.PENDING || s.status().inFlight())
                .map(Step::wave).min(Integer::compare).orElse(null);
    }

    private void wavesPassed(Recorded r, int upTo) {
        for (int w = r.head().currentWave(); w < upTo; w++) {
            int wave = w;
            List<Step> in = r.steps().stream().filter(s -> s.wave() == wave).toList();
            long passed = in.stream().filter(s -> s.status() == RolloutStoreStatus.PASSED).count();
            service.repository.update(id, h -> h.atWave(wave + 1, service.clock.instant()), h -> null);
            service.append(ActionType.ROLLOUT_WAVE_PASSED, Outcome.SUCCESS, r.actor(), "rollout " + id + ": "
                    + waveName(r.plan(), wave) + " passed (" + passed + " upgraded, " + (in.size() - passed) + " skipped)");
        }
        service.tell(id);
    }

    // ---- one store --------------------------------------------------------------------------

    private Optional<Step> current(long storeId) {
        return service.repository.find(id).flatMap(r -> r.step(storeId));
    }

    private void runStore(long storeId) {
        Recorded r = service.recorded(id);
        RolloutPlan plan = r.plan();
        Step step = r.step(storeId).orElseThrow();
        if (step.status() == RolloutStoreStatus.PENDING && r.status() != RolloutStatus.RUNNING) {
            return; // paused, halted or aborted after the driver picked the store and before it began
        }
        long deadline = System.nanoTime() + plan.gateTimeout().toNanos();
        Store store = find(storeId);
        if (store == null) {
            if (step.status() == RolloutStoreStatus.PENDING) {
                decide(step.with(RolloutStoreStatus.SKIPPED, "deleted before its turn"));
            } else {
                fail(step, "was deleted", "the store was deleted while the rollout upgraded it");
            }
            return;
        }
        if (step.status() == RolloutStoreStatus.PENDING) {
            if (RolloutPlans.atTarget(store, plan, service::bundledChart, service::hasValues)) {
                decide(step.with(RolloutStoreStatus.SKIPPED, RolloutPlans.atTargetWords(store, plan)));
                return;
            }
            if (store.status() != StoreStatus.READY) {
                // A rollout upgrades what works; a store that was not READY when its turn came is left
                // as it was, in words, and the wave goes on (see docs/design.md, Rollouts).
                decide(step.with(RolloutStoreStatus.SKIPPED, "was " + store.status().label() + " when its turn came, not"
                        + " ready; not upgraded. Fix it, then upgrade it by hand or in another rollout."));
                return;
            }
            step = step.upgrading(store.helmRevision(), "upgrading from revision " + store.helmRevision());
            if (!decide(step)) {
                return;
            }
        }
        if (step.status() == RolloutStoreStatus.UPGRADING && step.toRevision() == null) {
            step = upgrade(r, step, store, deadline);
            if (step == null) {
                return;
            }
        }
        if (step.status() == RolloutStoreStatus.UPGRADING) {
            Optional<String> unhealthy = awaitHealthy(storeId, deadline);
            if (service.closing()) {
                return;
            }
            if (unhealthy.isPresent()) {
                fail(step, "was not healthy", unhealthy.get());
                return;
            }
            if (!plan.verify()) {
                write(step.with(RolloutStoreStatus.PASSED, "revision " + step.toRevision() + " ready and healthy"
                        + healthNote()), null);
                return;
            }
            step = step.with(RolloutStoreStatus.VERIFYING, "revision " + step.toRevision() + " ready and healthy; verifying");
            write(step, null);
        }
        if (step.status() == RolloutStoreStatus.VERIFYING) {
            verify(r, step, deadline);
        }
    }

    /** Asks for the upgrade unless it was asked already, and waits for it: the step with its new revision, or null. */
    private Step upgrade(Recorded r, Step step, Store store, long deadline) {
        boolean asked = step.upgradeRequested() || store.status() != StoreStatus.READY
                || !Objects.equals(store.helmRevision(), step.fromRevision());
        if (!asked) {
            // With "back up first" the upgrade is asked for once the store's backup is written; a
            // failed backup fails the store, not upgraded ("backup before upgrade failed: …").
            CompletableFuture<Store> asking = null;
            try {
                asking = service.stores.upgradeInRollout(store.id(), r.plan().values(), r.actor(), id,
                        r.plan().backupFirst());
                if (within(asking, deadline) == null) {
                    asking.cancel(false); // closing: not asked after all; the next start backs up and asks again
                    return null;
                }
            } catch (StoreException e) {
                fail(step, "could not be upgraded", e.getMessage());
                return null;
            } catch (ExecutionException e) {
                fail(step, "could not be upgraded", causeWords(e));
                return null;
            } catch (TimeoutException e) {
                asking.cancel(false); // a backup that ends after the gate must not let the upgrade through
                fail(step, "timed out", "its backup before the upgrade did not end within the gate's " + seconds(r) + " s");
                return null;
            }
            step = step.withUpgradeRequested();
            write(step, null);
        }
        Store after = await(store.id(), s -> s.status() != StoreStatus.UPGRADING, deadline);
        if (after == null) {
            if (!service.closing()) {
                fail(step, "timed out", "still upgrading after the gate's " + seconds(r) + " s");
            }
            return null;
        }
        if (after.status() == StoreStatus.READY && after.helmRevision() != null
                && (step.fromRevision() == null || after.helmRevision() > step.fromRevision())) {
            Step deployed = step.deployed(after.helmRevision()).with(RolloutStoreStatus.UPGRADING,
                    "revision " + after.helmRevision() + " ready; waiting for it to be healthy");
            write(deployed, service.records(ActionType.ROLLOUT_STORE_UPGRADED, after, r.actor(), "rollout " + id
                    + ": revision " + step.fromRevision() + " -> " + after.helmRevision()));
            return deployed;
        }
        fail(step, "failed its upgrade", after.status() == StoreStatus.FAILED ? after.lastError()
                : "it is " + after.status().label() + " at revision " + after.helmRevision() + ", not a newer one");
        return null;
    }

    private void verify(Recorded r, Step step, long deadline) {
        CompletableFuture<Verification> check;
        try {
            check = service.orders.verify(step.storeId(), r.actor());
        } catch (StoreException e) {
            fail(step, "could not be verified", e.getMessage());
            return;
        }
        try {
            Verification v = within(check, deadline);
            if (v == null) {
                return;
            }
            if (v.ok()) {
                write(step.with(RolloutStoreStatus.PASSED, "revision " + step.toRevision() + " verified: " + v.detail()
                        + healthNote()), null);
            } else {
                fail(step, "failed verification", v.detail());
            }
        } catch (TimeoutException e) {
            fail(step, "timed out", "its verification did not end within the gate's " + seconds(r) + " s");
        } catch (ExecutionException e) {
            fail(step, "could not be verified", causeWords(e));
        }
    }

    /**
     * Waits for {@code work} until the gate's deadline, looking at closing twice a second: its
     * result, or null when closing (or interrupted); a TimeoutException at the deadline.
     */
    private <T> T within(CompletableFuture<T> work, long deadline) throws ExecutionException, TimeoutException {
        while (!service.closing()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            try {
                return work.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // look at closing and the deadline again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static String causeWords(ExecutionException e) {
        return e.getCause() == null || e.getCause().getMessage() == null ? e.toString() : e.getCause().getMessage();
    }

    /**
     * Waits until the fleet watch judges the store healthy; empty when it is (or when the watch does
     * not see the cluster, so there is no judgement to wait for), else why not.
     */
    private Optional<String> awaitHealthy(long storeId, long deadline) {
        while (!service.closing()) {
            long mark = service.changeMark();
            Optional<StoreHealth> seen = service.health.of(storeId);
            if (seen.isPresent() && seen.get().state() == StoreHealth.State.HEALTHY) {
                return Optional.empty();
            }
            if (!service.health.watchStatus().watching()) {
                return Optional.empty();
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return Optional.of(seen.map(h -> "health " + h.describe()).orElse("no health judgement for it")
                        + " at the end of its gate");
            }
            service.awaitChange(mark, Math.min(left, LOOK_AGAIN_MILLIS));
        }
        return Optional.empty();
    }

    private String healthNote() {
        var watch = service.health.watchStatus();
        return watch.watching() ? "" : " (health not judged: " + watch.words() + ")";
    }

    // ---- halting and settling ---------------------------------------------------------------

    /** The store failed its gate: recorded FAILED, and the rollout halted (unless aborted or halted already). */
    private void fail(Step step, String what, String why) {
        Recorded r = service.recorded(id);
        String detail = what + ": " + why;
        write(step.with(RolloutStoreStatus.FAILED, detail), null);
        String reason = "Store '" + step.storeName() + "' " + what + " in " + waveName(r.plan(), step.wave()) + ": " + why
                + ". " + (r.plan().keepFailed() ? "It is kept as it is for inspection; the other" : "The")
                + " stores its wave upgraded are rolled back; earlier waves are kept.";
        boolean[] halted = {false};
        Recorded after = service.repository.update(id, h -> {
            if (h.status() != RolloutStatus.RUNNING && h.status() != RolloutStatus.PAUSED) {
                return h;
            }
            halted[0] = true;
            return h.with(RolloutStatus.HALTED, reason, service.clock.instant());
        }, h -> null);
        if (halted[0]) {
            service.append(ActionType.ROLLOUT_HALTED, Outcome.FAILURE, after.actor(), "rollout " + id + ": " + reason);
        }
        service.tell(id);
    }

    /** A halted or aborted rollout whose stores in flight are done: rollback (halted), the rest skipped, finished. */
    private void settle(Recorded r) {
        if (r.status() == RolloutStatus.HALTED && !rollBack(r)) {
            return; // closing: the rollback resumes at the next start
        }
        Recorded now = service.recorded(id);
        String why = r.status() == RolloutStatus.HALTED ? "not started: the rollout halted" : "not started: the rollout was aborted";
        for (Step s : now.steps()) {
            if (s.status() == RolloutStoreStatus.PENDING) {
                write(s.with(RolloutStoreStatus.SKIPPED, why), null);
            }
        }
        finish(now, r.status() == RolloutStatus.HALTED ? Outcome.FAILURE : Outcome.SUCCESS,
                r.status().code() + ": " + now.head().reason());
    }

    /** Rolls the failed wave's upgraded stores back, at most maxInFlight at once; false if cut off by closing. */
    private boolean rollBack(Recorded r) {
        Integer failedWave = r.steps().stream().filter(s -> s.status() == RolloutStoreStatus.FAILED).map(Step::wave)
                .min(Integer::compare).orElse(null);
        if (failedWave == null) {
            return true;
        }
        List<Step> back = new ArrayList<>();
        for (Step s : r.steps()) {
            boolean kept = s.status() == RolloutStoreStatus.FAILED && r.plan().keepFailed();
            if (s.wave() == failedWave && !kept
                    && (s.status() == RolloutStoreStatus.PASSED || s.status() == RolloutStoreStatus.FAILED)) {
                back.add(s);
            }
        }
        List<Future<?>> running = new ArrayList<>();
        for (Step s : back) {
            while (running.stream().filter(f -> !f.isDone()).count() >= r.plan().maxInFlight() && !service.closing()) {
                service.awaitChange(service.changeMark(), 200);
            }
            running.add(service.submit(() -> rollBack(r, s)));
        }
        while (running.stream().anyMatch(f -> !f.isDone())) {
            if (service.closing()) {
                return false;
            }
            service.awaitChange(service.changeMark(), 200);
        }
        return !service.closing();
    }

    private void rollBack(Recorded r, Step step) {
        try {
            Store store = find(step.storeId());
            if (store == null || step.fromRevision() == null) {
                return;
            }
            long deadline = System.nanoTime() + r.plan().gateTimeout().toNanos();
            boolean asked = step.rollbackRequested() || store.status() == StoreStatus.ROLLING_BACK;
            if (!asked) {
                Optional<ReleaseInfo> latest = service.stores.history(store.id()).stream().reduce((a, b) -> b);
                if (latest.isEmpty() || latest.get().revision() <= step.fromRevision()) {
                    return; // the rollout never deployed a revision on it: nothing to roll back
                }
                service.stores.rollback(store.id(), step.fromRevision(), r.actor());
                step = step.withRollbackRequested();
                write(step, null);
            }
            Store after = await(store.id(), s -> s.status() != StoreStatus.ROLLING_BACK, deadline);
            if (after == null) {
                return; // closing, or still rolling back at the deadline: left as recorded, in words below
            }
            if (after.status() == StoreStatus.READY) {
                write(step.with(RolloutStoreStatus.ROLLED_BACK, "rolled back to revision " + step.fromRevision() + " (now "
                        + "revision " + after.helmRevision() + ")" + (step.detail() == null ? "" : "; was: " + step.detail())),
                        service.records(ActionType.ROLLOUT_STORE_ROLLED_BACK, after, r.actor(), "rollout " + id
                                + ": back to revision " + step.fromRevision() + " as revision " + after.helmRevision()));
            } else {
                write(step.with(step.status(), "rollback to revision " + step.fromRevision() + " failed: " + after.lastError()
                        + (step.detail() == null ? "" : "; was: " + step.detail())), null);
            }
        } catch (StoreException e) {
            LOG.warn("Rollout {}: rolling back store {} failed: {}", id, step.storeId(), e.getMessage());
            write(step.with(step.status(), "rollback to revision " + step.fromRevision() + " refused: " + e.getMessage()), null);
        }
    }

    private void finish(Recorded r, Outcome outcome, String detail) {
        RolloutStatus[] was = {null};
        service.repository.update(id, h -> {
            was[0] = h.status();
            // A pause that came in after the last store's gate finds nothing left to hold: passed.
            return passes(h.status())
                    ? h.with(RolloutStatus.PASSED, null, service.clock.instant()).finished(service.clock.instant())
                    : h.finished(service.clock.instant());
        }, h -> null);
        service.append(ActionType.ROLLOUT_FINISHED, outcome, r.actor(), "rollout " + id + " "
                + (passes(was[0]) ? "passed" : detail));
        service.tell(id);
    }

    private static boolean passes(RolloutStatus status) {
        return status == RolloutStatus.RUNNING || status == RolloutStatus.PAUSED;
    }

    // ---- shared -----------------------------------------------------------------------------

    /**
     * A pending store's start or skip, recorded only if the rollout is still running when it commits
     * (a pause between the check at the top of runStore and here must win): true when recorded.
     */
    private boolean decide(Step decided) {
        boolean recorded = service.repository.decidePending(id, decided, service.clock.instant());
        if (recorded) {
            service.tell(id);
        }
        return recorded;
    }

    private void write(Step step, AuditEvent audit) {
        service.repository.updateStep(id, step, service.clock.instant(), null);
        if (audit != null) {
            service.append(audit);
        }
        service.tell(id);
    }

    private Store find(long storeId) {
        try {
            return service.stores.get(storeId);
        } catch (StoreNotFoundException e) {
            return null;
        }
    }

    /** Waits for the store to satisfy {@code done}; null at the deadline, on closing, or when it is deleted. */
    private Store await(long storeId, Predicate<Store> done, long deadline) {
        while (!service.closing()) {
            long mark = service.changeMark();
            Store store = find(storeId);
            if (store == null) {
                return null;
            }
            if (done.test(store)) {
                return store;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return null;
            }
            service.awaitChange(mark, Math.min(left, LOOK_AGAIN_MILLIS));
        }
        return null;
    }

    private static long seconds(Recorded r) {
        return r.plan().gateTimeout().toSeconds();
    }

    /** How people name a wave: the canary, or wave 1, 2, … after it. */
    static String waveName(RolloutPlan plan, int index) {
        if (plan.canary() > 0) {
            return index == 0 ? "the canary wave" : "wave " + index;
        }
        return "wave " + (index + 1);
    }
}
