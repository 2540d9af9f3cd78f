package dev.storefleet.service;

import static dev.storefleet.service.StoreService.MAX_DETAIL;
import static dev.storefleet.service.StoreService.clip;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.ConflictException;
import dev.storefleet.domain.ErrorKind;
import dev.storefleet.domain.Guardrails;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreException;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreNames;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.RolloutRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store requests an operator makes (see {@link StoreService} for what each one means): each
 * is checked and recorded at once, with its audit row in the same transaction, and its cluster
 * work is queued on {@link StoreOperations}. A request a guardrail refuses is audited too.
 */
final class StoreRequests {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRequests.class);

    private final StoreRecords records;
    private final HelmReleases helm;
    private final StoreWorkQueue executor;
    private final FleetHealth health;
    private final StoreOperations operations;
    private final StoreLeasing leasing;
    private final Object deleteDecisions = new Object();
    private volatile Function<Long, Optional<RolloutRepository.Membership>> rolloutOf = id -> Optional.empty();

    StoreRequests(StoreRecords records, HelmReleases helm, StoreWorkQueue executor, FleetHealth health,
            StoreOperations operations, StoreLeasing leasing) {
        this.leasing = leasing;
        this.records = records;
        this.helm = helm;
        this.executor = executor;
        this.health = health;
        this.operations = operations;
    }

    Store create(NewStoreRequest request, String actor) {
        String attemptedName = StoreNames.shown(request.name() == null ? null : request.name().strip());
        Store created = refusalsAudited(ActionType.CREATE, null, attemptedName, actor, () -> {
            NewStoreRequest.ValidStoreRequest valid = request.validate();
            Store draft = Store.accepted(valid, records.now());
            return records.insert(draft, Guardrails.MAX_STORES_PER_OWNER, store -> AuditEvent.of(records.now(),
                    ActionType.CREATE, Outcome.SUCCESS, store, actor, store.type().displayName() + " store for owner '"
                            + store.owner() + "' in namespace " + store.namespace()));
        });
        records.changed(created);
        // Taken just after the insert: should the reconciler of another console take it first, that
        // one provisions the store and the provisioning queued here does not run.
        leasing.claimNew(created.id(), StoreOperations.PROVISION, actor);
        operations.queueProvisioning(created.id(), actor);
        return created;
    }

    Store retry(long id, String actor) {
        Store store = refusalsAudited(ActionType.RETRY, id, null, actor, () -> leased(id, StoreOperations.PROVISION, actor,
                () -> records.update(id, current -> current.retry(records.now()),
                        s -> AuditEvent.of(records.now(), ActionType.RETRY, Outcome.SUCCESS, s, actor, "retrying provisioning"))));
        records.changed(store);
        operations.queueProvisioning(id, actor);
        return store;
    }

    Store reprovision(long id, String actor) {
        Store store = refusalsAudited(ActionType.REPROVISION, id, null, actor, () -> {
            StoreHealth seen = health.of(id).orElse(null);
            if (seen == null || !seen.isDrift()) {
                Store current = records.get(id);
                throw new InvalidStateException("Store '" + current.name() + "' " + (seen == null
                        ? "is " + current.status().label() + "; only a ready store whose namespace or release was"
                                + " removed can be re-provisioned."
                        : "is " + seen.state().code() + " on the cluster, not gone; re-provisioning is the way out"
                                + " of drift only. Upgrade or retry it instead."));
            }
            return leased(id, StoreOperations.PROVISION, actor, () -> records.update(id,
                    current -> current.reprovision(records.now()),
                    s -> AuditEvent.of(records.now(), ActionType.REPROVISION, Outcome.SUCCESS, s, actor,
                            "re-provisioning: " + seen.reason())));
        });
        records.changed(store);
        operations.queueProvisioning(id, actor);
        return store;
    }

    Store upgrade(long id, Map<String, Object> extraValues, String actor) {
        return upgrade(id, extraValues, actor, null);
    }

    /**
     * An upgrade; {@code rolloutId} names the rollout asking for it (null for an operator's own),
     * which the rollout guardrail lets through for that rollout's stores only.
     */
    Store upgrade(long id, Map<String, Object> extraValues, String actor, Long rolloutId) {
        Map<String, Object> overrides = Map.copyOf(extraValues == null ? Map.of() : extraValues);
        String what = overrides.isEmpty() ? "upgrade to the bundled chart" : "upgrade with values " + overrides.keySet();
        Store store = refusalsAudited(ActionType.UPGRADE, id, null, actor, () -> {
            refuseIfInAnotherRollout(id, rolloutId);
            return leased(id, StoreOperations.UPGRADE_OP, actor,
                () -> records.update(id, current -> current.startUpgrade(records.now()),
                        s -> AuditEvent.of(records.now(), ActionType.UPGRADE, Outcome.SUCCESS, s, actor,
                                rolloutId == null ? what : "rollout " + rolloutId + ": " + what)));
        });
        records.changed(store);
        operations.queueUpgrade(id, overrides, actor);
        return store;
    }

    /**
     * The checks of {@link #upgrade} made now, changing nothing (for an upgrade that waits on a backup
     * first): the rollout guardrail and the state machine; a refusal is audited as the upgrade's.
     */
    Store checkUpgrade(long id, String actor, Long rolloutId) {
        return refusalsAudited(ActionType.UPGRADE, id, null, actor, () -> {
            refuseIfInAnotherRollout(id, rolloutId);
            Store current = records.get(id);
            current.startUpgrade(records.now()); // throws the state machine's own words; the result is dropped
            return current;
        });
    }

    Store rollback(long id, int revision, String actor) {
        Store store = refusalsAudited(ActionType.ROLLBACK, id, null, actor, () -> {
            Store current = records.get(id);
            if (!current.canRollback()) {
                current.startRollback(records.now()); // throws the state machine's own words
            }
            List<ReleaseInfo> revisions = helm.history(current);
            if (revisions.stream().noneMatch(r -> r.revision() == revision)) {
                throw new InvalidStateException("Release " + current.releaseName() + " has no revision " + revision
                        + "; pick one of " + revisions.stream().map(ReleaseInfo::revision).toList() + ".");
            }
            return leased(id, StoreOperations.ROLLBACK_OP, actor, () -> records.update(id,
                    s -> s.startRollback(records.now()),
                    s -> AuditEvent.of(records.now(), ActionType.ROLLBACK, Outcome.SUCCESS, s, actor,
                            "rolling back to revision " + revision)));
        });
        records.changed(store);
        operations.queueRollback(id, revision, actor);
        return store;
    }

    /** Switches a READY store off: recorded SUSPENDING now, its workloads scaled to zero in the background. */
    Store suspend(long id, String actor) {
        Store store = refusalsAudited(ActionType.SUSPEND, id, null, actor, () -> {
            refuseIfInAnotherRollout(id, null);
            return leased(id, StoreOperations.SUSPEND_OP, actor, () -> records.update(id,
                    current -> current.startSuspend(records.now()),
                    s -> AuditEvent.of(records.now(), ActionType.SUSPEND, Outcome.SUCCESS, s, actor,
                            "scaling the workloads of release " + s.releaseName() + " to zero; volumes kept")));
        });
        records.changed(store);
        operations.queueSuspend(id, actor);
        return store;
    }

    /** Switches a SUSPENDED store back on: RESUMING now, READY once its workloads are. */
    Store resume(long id, String actor) {
        Store store = refusalsAudited(ActionType.RESUME, id, null, actor, () -> leased(id, StoreOperations.RESUME_OP, actor,
                () -> records.update(id, current -> current.startResume(records.now()),
                        s -> AuditEvent.of(records.now(), ActionType.RESUME, Outcome.SUCCESS, s, actor,
                                "scaling the workloads of release " + s.releaseName() + " back up"))));
        records.changed(store);
        operations.queueResume(id, actor);
        return store;
    }

    Store delete(long id, String actor) {
        // Deciding "join or start" and queueing the start are one step, or two deletes arriving
        // together could both start (and the second would cancel the first).
        synchronized (deleteDecisions) {
            AtomicBoolean joined = new AtomicBoolean();
            Store store = refusalsAudited(ActionType.DELETE, id, null, actor, () -> leased(id, StoreOperations.DELETE, actor,
                    () -> records.update(id, current -> {
                        joined.set(current.status() == StoreStatus.DELETING && executor.isBusy(id));
                        return joined.get() ? current : current.startDeleting(records.now());
                    }, s -> AuditEvent.of(records.now(), ActionType.DELETE, Outcome.SUCCESS, s, actor, joined.get()
                            ? "joined the delete already under way"
                            : "deleting release " + s.releaseName() + " and namespace " + s.namespace()))));
            if (!joined.get()) {
                records.changed(store);
                executor.cancelRunning(id); // no point finishing an install that is about to be removed
                operations.queueDelete(id, actor);
            }
            return store;
        }
    }

    boolean cancel(long id, String actor) {
        Store store = records.get(id);
        boolean deleting = store.status() == StoreStatus.DELETING;
        boolean cancelled = !deleting && executor.cancelRunning(id);
        String elsewhere = cancelled || deleting ? null : leasing.heldElsewhere(id)
                .map(lease -> "its " + lease.operation() + " runs in " + lease.holderName() + "; cancel it there").orElse(null);
        records.append(records.audit(ActionType.CANCEL, cancelled ? Outcome.SUCCESS : Outcome.REJECTED, store, actor,
                cancelled ? "cancel requested while " + store.status().label()
                        : deleting ? "a delete runs to its end once started"
                        : elsewhere != null ? elsewhere
                        : "nothing was running for this store"));
        return cancelled;
    }

    /** The rollout guardrail: how to find the open rollout a store is in (none until the rollouts are wired). */
    void rolloutsFrom(Function<Long, Optional<RolloutRepository.Membership>> lookup) {
        this.rolloutOf = lookup;
    }

    private void refuseIfInAnotherRollout(long id, Long rolloutId) {
        Optional<RolloutRepository.Membership> in = rolloutOf.apply(id);
        if (in.isEmpty() || in.get().rolloutId() == (rolloutId == null ? -1 : rolloutId)) {
            return;
        }
        RolloutRepository.Membership m = in.get();
        throw new ConflictException("Store '" + records.get(id).name() + "' is in rollout " + m.rolloutId() + " ("
                + m.status().code() + ", wave " + Math.min(m.currentWave() + 1, m.waveCount()) + " of " + m.waveCount()
                + "); " + (m.status().isFinished() ? "wait for it to settle" : "pause or abort it first") + ".");
    }

    /**
     * A change of the store that starts an operation, made while holding the store's lease (taken
     * first, refused in words while another console holds it; given back if the change is refused).
     */
    private Store leased(long id, String operation, String actor, Supplier<Store> change) {
        leasing.claim(id, () -> records.get(id).name(), operation, actor);
        try {
            return change.get();
        } catch (RuntimeException e) {
            leasing.giveBack(id);
            throw e;
        }
    }

    /**
     * Runs a request; a guardrail refusal is audited (REJECTED, or FAILURE for a cluster error)
     * before it is rethrown. A storage failure is not audited: the database is what failed.
     */
    private <T> T refusalsAudited(ActionType action, Long storeId, String storeName, String actor, Supplier<T> request) {
        try {
            return request.get();
        } catch (StoreException e) {
            if (e.kind() != ErrorKind.STORAGE) {
                String name = storeName;
                if (name == null && storeId != null) {
                    name = records.find(storeId).map(Store::name).orElse(null);
                }
                Outcome outcome = e.kind() == ErrorKind.CLUSTER ? Outcome.FAILURE : Outcome.REJECTED;
                try {
                    records.append(new AuditEvent(null, records.now(), action, outcome, storeId, clip(name, 255), actor,
                            clip(e.getMessage(), MAX_DETAIL), null));
                } catch (StorageException storage) {
                    LOG.error("Could not audit a refused {}", action, storage);
                }
            }
            throw e;
        }
    }
}
