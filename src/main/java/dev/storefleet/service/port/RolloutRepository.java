package dev.storefleet.service.port;

import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Rollout;
import dev.storefleet.domain.RolloutEntry;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.RolloutStatus;
import dev.storefleet.domain.RolloutStoreStatus;
import dev.storefleet.domain.RolloutWave;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Where fleet rollouts are kept: the rollout (plan, status, reason) and one step per store. Each
 * change is one transaction, with its audit row when it has one. A rollout is <em>open</em> until
 * it has no work left ({@code finishedAt} set): running, paused, or halted/aborted while its stores
 * still finish their gate or roll back. Implementations throw the domain's typed errors.
 */
public interface RolloutRepository {

    /**
     * Records a new rollout RUNNING with its steps, unless one of its stores is in another open
     * rollout (ConflictException naming it): checked and written under one lock, so two consoles
     * cannot both take a store. {@code audit} gets the new rollout's id.
     */
    Recorded insert(RolloutPlan plan, String actor, Instant now, List<Step> steps, Function<Long, AuditEvent> audit);

    Optional<Recorded> find(long id);

    /** Every rollout, newest first. */
    List<Recorded> findAll();

    /** The ids of the open rollouts, oldest first. */
    List<Long> openIds();

    /**
     * Changes the rollout's head under a row lock: {@code change} sees the current one and returns
     * the new one (or throws a domain error, and nothing is written); {@code audit} (may return null)
     * is written in the same transaction.
     */
    Recorded update(long id, UnaryOperator<Head> change, Function<Head, AuditEvent> audit);

    /** Writes one store's step as given (status, detail, revisions, requested flags), with {@code audit} if not null. */
    void updateStep(long rolloutId, Step step, Instant now, AuditEvent audit);

    /**
     * Records the driver's decision for a store still pending (started, or skipped) only while the
     * rollout is running: under the rollout's row lock, so a pause, halt or abort that committed
     * first wins and the store stays pending. True when written.
     */
    boolean decidePending(long rolloutId, Step decided, Instant now);

    /** The open rollout the store is in, if any. */
    Optional<Membership> openRolloutOf(long storeId);

    /** What a rollout is and where it stands, without its steps. */
    record Head(RolloutStatus status, String reason, int currentWave, Instant updatedAt, Instant finishedAt) {
        public Head with(RolloutStatus newStatus, String newReason, Instant now) {
            return new Head(newStatus, newReason, currentWave, now, finishedAt);
        }

        public Head atWave(int wave, Instant now) {
            return new Head(status, reason, wave, now, finishedAt);
        }

        public Head finished(Instant now) {
            return new Head(status, reason, currentWave, now, now);
        }
    }

    /**
     * One store of a rollout as recorded, with what a restart needs besides the entry: whether its
     * upgrade and its rollback were already asked for.
     */
    record Step(long storeId, String storeName, int wave, RolloutStoreStatus status, String detail,
            Integer fromRevision, Integer toRevision, boolean upgradeRequested, boolean rollbackRequested) {

        public static Step pending(long storeId, String storeName, int wave) {
            return new Step(storeId, storeName, wave, RolloutStoreStatus.PENDING, null, null, null, false, false);
        }

        public Step with(RolloutStoreStatus newStatus, String newDetail) {
            return new Step(storeId, storeName, wave, newStatus, newDetail, fromRevision, toRevision, upgradeRequested,
                    rollbackRequested);
        }

        public Step upgrading(Integer from, String newDetail) {
            return new Step(storeId, storeName, wave, RolloutStoreStatus.UPGRADING, newDetail, from, toRevision, false,
                    rollbackRequested);
        }

        public Step withUpgradeRequested() {
            return new Step(storeId, storeName, wave, status, detail, fromRevision, toRevision, true, rollbackRequested);
        }

        public Step withRollbackRequested() {
            return new Step(storeId, storeName, wave, status, detail, fromRevision, toRevision, upgradeRequested, true);
        }

        public Step deployed(int revision) {
            return new Step(storeId, storeName, wave, status, detail, fromRevision, revision, upgradeRequested,
                    rollbackRequested);
        }

        public RolloutEntry entry() {
            return new RolloutEntry(storeId, storeName, status, detail, fromRevision, toRevision);
        }
    }

    /** A rollout as recorded: its head and its steps in wave order. */
    record Recorded(long id, RolloutPlan plan, String actor, Instant createdAt, Head head, List<Step> steps) {
        public Recorded {
            steps = List.copyOf(steps);
        }

        public RolloutStatus status() {
            return head.status();
        }

        public boolean open() {
            return head.finishedAt() == null;
        }

        public Optional<Step> step(long storeId) {
            return steps.stream().filter(s -> s.storeId() == storeId).findFirst();
        }

        public int waveCount() {
            return steps.stream().mapToInt(Step::wave).max().orElse(-1) + 1;
        }

        public Rollout rollout() {
            TreeMap<Integer, List<RolloutEntry>> waves = new TreeMap<>();
            for (Step s : steps) {
                waves.computeIfAbsent(s.wave(), w -> new ArrayList<>()).add(s.entry());
            }
            List<RolloutWave> shown = new ArrayList<>();
            waves.forEach((index, entries) -> shown.add(new RolloutWave(index, entries)));
            return new Rollout(id, plan, head.status(), head.reason(), actor, createdAt, head.updatedAt(),
                    head.finishedAt(), shown);
        }
    }

    /** The open rollout a store is in: its id, status, the wave it is at and how many it has. */
    record Membership(long rolloutId, RolloutStatus status, int currentWave, int waveCount) {
    }
}
