package dev.storefleet.persistence;

import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.ConflictException;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.RolloutStatus;
import dev.storefleet.domain.RolloutStoreStatus;
import dev.storefleet.service.port.RolloutRepository;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.hibernate.Session;

/**
 * Rollouts in the {@code rollout} and {@code rollout_store} tables (migration V8) through
 * Hibernate; every change is one transaction with its audit row. A new rollout is checked against
 * the open ones under a lock on the {@code fleet_lease} row {@code rollouts}, so two consoles on
 * one PostgreSQL database cannot put a store in two rollouts.
 */
final class JpaRolloutRepository implements RolloutRepository {
    private final Transactions tx;

    JpaRolloutRepository(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Recorded insert(RolloutPlan plan, String actor, Instant now, List<Step> steps, Function<Long, AuditEvent> audit) {
        return tx.inTransaction("starting a rollout", session -> {
            // Serialises rollout starts across processes until commit: the check below cannot go stale.
            session.createNativeQuery("SELECT name FROM fleet_lease WHERE name = 'rollouts' FOR UPDATE", String.class)
                    .getResultList();
            for (Step step : steps) {
                Optional<Membership> taken = membership(session, step.storeId());
                if (taken.isPresent()) {
                    Membership m = taken.get();
                    throw new ConflictException("Store '" + step.storeName() + "' is already in rollout " + m.rolloutId()
                            + " (" + m.status().code() + "); a store is in one rollout at a time. Wait for that one to"
                            + " finish, or abort it.");
                }
            }
            RolloutEntity rollout = new RolloutEntity();
            rollout.planJson = PlanJson.write(plan);
            rollout.status = RolloutStatus.RUNNING;
            rollout.actor = actor;
            rollout.currentWave = 0;
            rollout.createdAt = now;
            rollout.updatedAt = now;
            session.persist(rollout);
            session.flush();
            Map<Integer, Integer> positions = new LinkedHashMap<>();
            for (Step step : steps) {
                RolloutStoreEntity row = new RolloutStoreEntity();
                row.rolloutId = rollout.id;
                row.position = positions.merge(step.wave(), 1, Integer::sum) - 1;
                copy(step, row);
                session.persist(row);
            }
            session.flush();
            AuditEvent event = audit.apply(rollout.id);
            if (event != null) {
                JpaStoreRepository.appendIn(session, event, tx.processId());
            }
            return recorded(session, rollout);
        });
    }

    @Override
    public Optional<Recorded> find(long id) {
        return tx.inTransaction("reading rollout " + id, session -> Optional.ofNullable(session.find(RolloutEntity.class, id))
                .map(r -> recorded(session, r)));
    }

    @Override
    public List<Recorded> findAll() {
        return tx.inTransaction("listing rollouts", session -> {
            List<RolloutEntity> rollouts = session.createSelectionQuery("from RolloutEntity r order by r.id desc",
                    RolloutEntity.class).getResultList();
            Map<Long, List<Step>> steps = new LinkedHashMap<>();
            session.createSelectionQuery("from RolloutStoreEntity s order by s.rolloutId, s.wave, s.position",
                    RolloutStoreEntity.class).getResultList()
                    .forEach(s -> steps.computeIfAbsent(s.rolloutId, k -> new ArrayList<>()).add(step(s)));
            return rollouts.stream().map(r -> recorded(r, steps.getOrDefault(r.id, List.of()))).toList();
        });
    }

    @Override
    public List<Long> openIds() {
        return tx.inTransaction("listing open rollouts", session -> session.createSelectionQuery(
                "select r.id from RolloutEntity r where r.finishedAt is null order by r.id", Long.class).getResultList());
    }

    @Override
    public Recorded update(long id, UnaryOperator<Head> change, Function<Head, AuditEvent> audit) {
        return tx.inTransaction("updating rollout " + id, session -> {
            RolloutEntity rollout = session.find(RolloutEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (rollout == null) {
                throw new InvalidStateException("Rollout " + id + " does not exist.");
            }
            Head changed = change.apply(head(rollout));
            rollout.status = changed.status();
            rollout.reason = clip(changed.reason(), 4000);
            rollout.currentWave = changed.currentWave();
            rollout.updatedAt = changed.updatedAt();
            rollout.finishedAt = changed.finishedAt();
            session.flush();
            AuditEvent event = audit.apply(changed);
            if (event != null) {
                JpaStoreRepository.appendIn(session, event, tx.processId());
            }
            return recorded(session, rollout);
        });
    }

    @Override
    public void updateStep(long rolloutId, Step step, Instant now, AuditEvent audit) {
        tx.inTransaction("updating store " + step.storeId() + " of rollout " + rolloutId, session -> {
            // The rollout's row locked first, as update() and decidePending() take it: read without
            // the lock, its flush (every column) would write back a status a concurrent abort or pause
            // had just changed.
            RolloutEntity rollout = session.find(RolloutEntity.class, rolloutId, LockModeType.PESSIMISTIC_WRITE);
            RolloutStoreEntity row = session.createSelectionQuery(
                    "from RolloutStoreEntity s where s.rolloutId = :rollout and s.storeId = :store", RolloutStoreEntity.class)
                    .setParameter("rollout", rolloutId).setParameter("store", step.storeId())
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getSingleResultOrNull();
            if (row == null) {
                throw new InvalidStateException("Store " + step.storeId() + " is not in rollout " + rolloutId + ".");
            }
            copy(step, row);
            rollout.updatedAt = now;
            session.flush();
            if (audit != null) {
                JpaStoreRepository.appendIn(session, audit, tx.processId());
            }
            return null;
        });
    }

    @Override
    public boolean decidePending(long rolloutId, Step decided, Instant now) {
        return tx.inTransaction("starting store " + decided.storeId() + " of rollout " + rolloutId, session -> {
            // The rollout's row first, as update() locks it: a pause waits for this decision or this sees it.
            RolloutEntity rollout = session.find(RolloutEntity.class, rolloutId, LockModeType.PESSIMISTIC_WRITE);
            if (rollout == null || rollout.status != RolloutStatus.RUNNING || rollout.finishedAt != null) {
                return false;
            }
            RolloutStoreEntity row = session.createSelectionQuery(
                    "from RolloutStoreEntity s where s.rolloutId = :rollout and s.storeId = :store", RolloutStoreEntity.class)
                    .setParameter("rollout", rolloutId).setParameter("store", decided.storeId())
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getSingleResultOrNull();
            if (row == null || row.status != RolloutStoreStatus.PENDING) {
                return false;
            }
            copy(decided, row);
            rollout.updatedAt = now;
            return true;
        });
    }

    @Override
    public Optional<Membership> openRolloutOf(long storeId) {
        return tx.inTransaction("looking for the rollout of store " + storeId, session -> membership(session, storeId));
    }

    private static Optional<Membership> membership(Session session, long storeId) {
        List<RolloutEntity> open = session.createSelectionQuery("select r from RolloutEntity r, RolloutStoreEntity s"
                + " where s.rolloutId = r.id and s.storeId = :store and r.finishedAt is null order by r.id", RolloutEntity.class)
                .setParameter("store", storeId).getResultList();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        RolloutEntity r = open.get(0);
        Integer waves = session.createSelectionQuery("select max(s.wave) from RolloutStoreEntity s where s.rolloutId = :id",
                Integer.class).setParameter("id", r.id).getSingleResult();
        return Optional.of(new Membership(r.id, r.status, r.currentWave, waves == null ? 0 : waves + 1));
    }

    private static Recorded recorded(Session session, RolloutEntity rollout) {
        List<Step> steps = session.createSelectionQuery(
                "from RolloutStoreEntity s where s.rolloutId = :id order by s.wave, s.position", RolloutStoreEntity.class)
                .setParameter("id", rollout.id).getResultList().stream().map(JpaRolloutRepository::step).toList();
        return recorded(rollout, steps);
    }

    private static Recorded recorded(RolloutEntity r, Collection<Step> steps) {
        return new Recorded(r.id, PlanJson.read(r.planJson), r.actor, r.createdAt, head(r), List.copyOf(steps));
    }

    private static Head head(RolloutEntity r) {
        return new Head(r.status, r.reason, r.currentWave, r.updatedAt, r.finishedAt);
    }

    private static Step step(RolloutStoreEntity s) {
        return new Step(s.storeId, s.storeName, s.wave, s.status, s.detail, s.fromRevision, s.toRevision,
                s.upgradeRequested, s.rollbackRequested);
    }

    private static void copy(Step step, RolloutStoreEntity row) {
        row.storeId = step.storeId();
        row.storeName = clip(step.storeName(), 63);
        row.wave = step.wave();
        row.status = step.status();
        row.detail = clip(step.detail(), 4000);
        row.fromRevision = step.fromRevision();
        row.toRevision = step.toRevision();
        row.upgradeRequested = step.upgradeRequested();
        row.rollbackRequested = step.rollbackRequested();
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
