package dev.storefleet.service;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.ErrorKind;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreException;
import dev.storefleet.domain.StoreNames;
import dev.storefleet.domain.StoreNotFoundException;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.RevisionValues;
import dev.storefleet.service.port.StoreCluster;
import dev.storefleet.service.port.StoreRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store use cases: create, list, get, retry, upgrade, rollback, delete. Requests are
 * checked and recorded at once (with their audit row, in one transaction); the cluster work
 * runs later on the {@link StoreWorkQueue}. Every request is audited, including the
 * ones a guardrail refuses.
 */
public final class StoreService {
    private static final Logger LOG = LoggerFactory.getLogger(StoreService.class);

    public static final int MAX_STORES_PER_OWNER = 3;
    /** The actor of work the console does by itself (reconciliation after a restart). */
    public static final String SYSTEM = "storefleet";
    /** Longest detail kept in an audit row or a store's last error (the column's size). */
    static final int MAX_DETAIL = 4000;
    /** How a store's error starts when the operator stopped the operation. */
    static final String CANCELLED = "cancelled by the operator";

    private final StoreRepository stores;
    private final AuditService audit;
    private final HelmReleases helm;
    private final StoreCluster cluster;
    private final StoreWorkQueue executor;
    private final EngineSettings settings;
    private final StoreEvents events;
    private final Clock clock;
    private final FleetHealth health;
    private final Object deleteDecisions = new Object();

    public StoreService(StoreRepository stores, AuditService audit, HelmReleases helm, StoreCluster cluster,
            StoreWorkQueue executor, EngineSettings settings, StoreEvents events, FleetHealth health,
            Clock clock) {
        this.stores = Objects.requireNonNull(stores);
        this.audit = Objects.requireNonNull(audit);
        this.helm = Objects.requireNonNull(helm);
        this.cluster = Objects.requireNonNull(cluster);
        this.executor = Objects.requireNonNull(executor);
        this.settings = Objects.requireNonNull(settings);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        this.health = Objects.requireNonNull(health);
    }

    // ---- requests -------------------------------------------------------------------------

    /** Validates, records the store as CREATED and queues its provisioning. */
    public Store create(NewStoreRequest request, String actor) {
        String attemptedName = StoreNames.shown(request.name() == null ? null : request.name().strip());
        Store created = refusalsAudited(ActionType.CREATE, null, attemptedName, actor, () -> {
            NewStoreRequest.ValidStoreRequest valid = request.validate();
            Store draft = Store.accepted(valid, now());
            return published(stores.insert(draft, MAX_STORES_PER_OWNER, store -> AuditEvent.of(now(), ActionType.CREATE,
                    Outcome.SUCCESS, store, actor, store.type().displayName() + " store for owner '"
                            + store.owner() + "' in namespace " + store.namespace())));
        });
        changed(created);
        queueProvisioning(created.id(), actor);
        return created;
    }

    public List<Store> list() {
        return stores.findAll();
    }

    public Store get(long id) {
        return stores.find(id).orElseThrow(() -> new StoreNotFoundException(id));
    }

    /** Re-runs provisioning of a FAILED store; it converges, it never duplicates. */
    public Store retry(long id, String actor) {
        Store store = refusalsAudited(ActionType.RETRY, id, null, actor, () -> published(stores.update(id,
                current -> current.retry(now()),
                s -> AuditEvent.of(now(), ActionType.RETRY, Outcome.SUCCESS, s, actor, "retrying provisioning"))));
        changed(store);
        queueProvisioning(id, actor);
        return store;
    }

    /**
     * Installs a READY store again whose namespace or release was removed outside the console
     * (health {@code gone}: drift). Refused for a store the cluster still has: upgrade that one.
     */
    public Store reprovision(long id, String actor) {
        Store store = refusalsAudited(ActionType.REPROVISION, id, null, actor, () -> {
            StoreHealth seen = health.of(id).orElse(null);
            if (seen == null || !seen.isDrift()) {
                Store current = get(id);
                throw new InvalidStateException("Store '" + current.name() + "' " + (seen == null
                        ? "is " + current.status().label() + "; only a ready store whose namespace or release was"
                                + " removed can be re-provisioned."
                        : "is " + seen.state().code() + " on the cluster, not gone; re-provisioning is the way out"
                                + " of drift only. Upgrade or retry it instead."));
            }
            return published(stores.update(id, current -> current.reprovision(now()),
                    s -> AuditEvent.of(now(), ActionType.REPROVISION, Outcome.SUCCESS, s, actor,
                            "re-provisioning: " + seen.reason())));
        });
        changed(store);
        queueProvisioning(id, actor);
        return store;
    }

    /** Upgrades a READY store's release to the bundled chart, with extra values if given. */
    public Store upgrade(long id, Map<String, Object> extraValues, String actor) {
        Map<String, Object> overrides = Map.copyOf(extraValues == null ? Map.of() : extraValues);
        Store store = refusalsAudited(ActionType.UPGRADE, id, null, actor, () -> published(stores.update(id,
                current -> current.startUpgrade(now()),
                s -> AuditEvent.of(now(), ActionType.UPGRADE, Outcome.SUCCESS, s, actor,
                        overrides.isEmpty() ? "upgrade to the bundled chart" : "upgrade with values " + overrides.keySet()))));
        changed(store);
        executor.submit(id, "upgrade", () -> runUpgrade(id, overrides, actor));
        return store;
    }

    /**
     * Rolls a store back to an earlier revision of its release. Allowed from READY, and from
     * FAILED when a revision was deployed before (the usual way out of a failed upgrade).
     */
    public Store rollback(long id, int revision, String actor) {
        Store store = refusalsAudited(ActionType.ROLLBACK, id, null, actor, () -> {
            Store current = get(id);
            if (!current.canRollback()) {
                current.startRollback(now()); // throws the state machine's own words
            }
            List<ReleaseInfo> revisions = helm.history(current);
            if (revisions.stream().noneMatch(r -> r.revision() == revision)) {
                throw new InvalidStateException("Release " + current.releaseName() + " has no revision " + revision
                        + "; pick one of " + revisions.stream().map(ReleaseInfo::revision).toList() + ".");
            }
            return published(stores.update(id, s -> s.startRollback(now()),
                    s -> AuditEvent.of(now(), ActionType.ROLLBACK, Outcome.SUCCESS, s, actor,
                            "rolling back to revision " + revision)));
        });
        changed(store);
        executor.submit(id, "rollback", () -> runRollback(id, revision, actor));
        return store;
    }

    /** The revisions Helm keeps for the store's release, oldest first. */
    public List<ReleaseInfo> history(long id) {
        return helm.history(get(id));
    }

    /**
     * What rolling the store back to {@code revision} would change: the user values and chart of
     * the release's current revision (Helm's latest, which after a failed upgrade is the failed
     * one) against those of {@code revision}. Secret-looking values come back masked.
     */
    public ValuesDiff rollbackDiff(long id, int revision) {
        Store store = get(id);
        ReleaseInfo current = helm.status(store).orElseThrow(() -> new InvalidStateException("Release "
                + store.releaseName() + " does not exist, so there is nothing to roll back."));
        RevisionValues now = kept(store, current.revision());
        RevisionValues target = revision == current.revision() ? now : kept(store, revision);
        return ValuesDiff.between(now.revision(), now.chart(), now.values(), target.revision(), target.chart(),
                target.values());
    }

    private RevisionValues kept(Store store, int revision) {
        return helm.values(store, revision).orElseThrow(() -> new InvalidStateException("Release "
                + store.releaseName() + " has no revision " + revision + " any more (Helm keeps the latest "
                + "revisions only); pick another one."));
    }

    /**
     * Deletes a store from any state: uninstall, namespace delete, row removed. A failed step
     * is audited and the rest goes on, so the store never lingers half-deleted. A delete of a
     * store that is already being deleted joins that delete: it answers the same store and
     * neither restarts nor cancels the work under way.
     */
    public Store delete(long id, String actor) {
        // Deciding "join or start" and queueing the start are one step, or two deletes arriving
        // together could both start (and the second would cancel the first).
        synchronized (deleteDecisions) {
            AtomicBoolean joined = new AtomicBoolean();
            Store store = refusalsAudited(ActionType.DELETE, id, null, actor, () -> published(stores.update(id,
                    current -> {
                        joined.set(current.status() == StoreStatus.DELETING && executor.isBusy(id));
                        return joined.get() ? current : current.startDeleting(now());
                    },
                    s -> AuditEvent.of(now(), ActionType.DELETE, Outcome.SUCCESS, s, actor, joined.get()
                            ? "joined the delete already under way"
                            : "deleting release " + s.releaseName() + " and namespace " + s.namespace()))));
            if (!joined.get()) {
                changed(store);
                executor.cancelRunning(id); // no point finishing an install that is about to be removed
                executor.submit(id, "delete", () -> runDelete(id, actor));
            }
            return store;
        }
    }

    /**
     * Stops the running operation of a store at its next step (at once while it waits on the
     * cluster); the store goes FAILED with "cancelled", from where it can be retried, rolled back
     * or deleted. A delete is not cancelled: it runs to its end once started.
     */
    public boolean cancel(long id, String actor) {
        Store store = get(id);
        boolean deleting = store.status() == StoreStatus.DELETING;
        boolean cancelled = !deleting && executor.cancelRunning(id);
        audit.append(audit(ActionType.CANCEL, cancelled ? Outcome.SUCCESS : Outcome.REJECTED, store, actor,
                cancelled ? "cancel requested while " + store.status().label()
                        : deleting ? "a delete runs to its end once started"
                        : "nothing was running for this store"));
        return cancelled;
    }

    /**
     * Settles what a crash or a kill left behind, at start-up: work that was queued or running
     * is resumed (provisioning and delete converge when run again); an upgrade or rollback is
     * judged by the release Helm has now. Returns the namespaces labelled as Storefleet's that
     * have no store here (orphans, reported, never deleted unasked).
     */
    public ReconcileReport reconcile() {
        int resumed = 0;
        for (Store store : stores.findAll()) {
            long id = store.id();
            switch (store.status()) {
                case CREATED, PROVISIONING -> {
                    reconciled(store, "resuming provisioning interrupted by a restart");
                    queueProvisioning(id, SYSTEM);
                    resumed++;
                }
                case UPGRADING, ROLLING_BACK -> {
                    reconciled(store, "checking an interrupted " + store.status().label() + " against Helm");
                    executor.submit(id, "reconcile", () -> settleInterrupted(id));
                    resumed++;
                }
                case DELETING -> {
                    reconciled(store, "resuming a delete interrupted by a restart");
                    executor.submit(id, "delete", () -> runDelete(id, SYSTEM));
                    resumed++;
                }
                default -> {
                    // READY and FAILED are settled states
                }
            }
        }
        List<String> orphans = List.of();
        try {
            java.util.Set<String> known = new java.util.HashSet<>();
            stores.findAll().forEach(s -> known.add(s.namespace()));
            orphans = cluster.managedNamespaces().keySet().stream().filter(ns -> !known.contains(ns)).sorted().toList();
            if (!orphans.isEmpty()) {
                LOG.warn("Namespaces labelled as Storefleet's with no store in this console: {}", orphans);
            }
        } catch (StoreException e) {
            LOG.warn("Could not look for orphaned namespaces: {}", e.getMessage());
        }
        return new ReconcileReport(resumed, orphans);
    }

    /** What start-up reconciliation did. */
    public record ReconcileReport(int resumedOperations, List<String> orphanNamespaces) {
    }

    private void reconciled(Store store, String detail) {
        try {
            audit.append(audit(ActionType.RECONCILED, Outcome.SUCCESS, store, SYSTEM, detail));
        } catch (StorageException e) {
            LOG.error("Could not audit the reconciliation of store {}", store.id(), e);
        }
    }

    /** An upgrade or rollback was cut off: READY if Helm deployed a newer revision, else FAILED. */
    private void settleInterrupted(long id) {
        Store store = begin(id, UnaryOperator.identity(), null);
        if (store == null) {
            return;
        }
        ActionType failed = store.status() == dev.storefleet.domain.StoreStatus.UPGRADING
                ? ActionType.UPGRADE_FAILED : ActionType.ROLLBACK_FAILED;
        ActionType succeeded = failed == ActionType.UPGRADE_FAILED
                ? ActionType.UPGRADE_SUCCEEDED : ActionType.ROLLBACK_SUCCEEDED;
        try {
            ReleaseInfo current = executor.interruptibly(() -> helm.status(store)).orElseThrow(() -> new dev.storefleet.domain.ClusterException(
                    "release " + store.releaseName() + " is gone"));
            boolean newer = store.helmRevision() == null || current.revision() > store.helmRevision();
            if (current.isDeployed() && newer) {
                ready(id, store, current.revision(), succeeded, SYSTEM);
            } else {
                throw new dev.storefleet.domain.ClusterException("interrupted by a restart; release "
                        + store.releaseName() + " is at revision " + current.revision() + " (" + current.status()
                        + "). Roll back to the last good revision"
                        + (store.helmRevision() == null ? "" : " (" + store.helmRevision() + ")")
                        + ", or retry provisioning.");
            }
        } catch (RuntimeException e) {
            fail(id, failed, SYSTEM, "reconciliation", e);
        }
    }

    // ---- background work ------------------------------------------------------------------

    private void queueProvisioning(long id, String actor) {
        executor.submit(id, "provisioning", () -> runProvisioning(id, actor));
    }

    private void runProvisioning(long id, String actor) {
        Store store = begin(id, s -> s.startProvisioning(now()),
                s -> audit(ActionType.PROVISION_STARTED, Outcome.SUCCESS, s, actor,
                        "provisioning namespace " + s.namespace() + " and release " + s.releaseName()));
        if (store == null) {
            return;
        }
        try {
            step(id, "Preparing namespace " + store.namespace());
            executor.interruptibly(() -> cluster.ensureNamespace(store));
            step(id, "Installing " + store.type().chartName() + " chart as release " + store.releaseName());
            ReleaseInfo release = rollout(id, store, () -> helm.upgradeInstall(store, chartValues(store, Map.of())));
            ready(id, store, release.revision(), ActionType.PROVISION_SUCCEEDED, actor);
        } catch (RuntimeException e) {
            fail(id, ActionType.PROVISION_FAILED, actor, "provisioning", e);
        }
    }

    private void runUpgrade(long id, Map<String, Object> overrides, String actor) {
        Store store = begin(id, UnaryOperator.identity(), null);
        if (store == null) {
            return;
        }
        try {
            step(id, "Upgrading release " + store.releaseName());
            ReleaseInfo release = rollout(id, store, () -> helm.upgradeInstall(store, chartValues(store, overrides)));
            ready(id, store, release.revision(), ActionType.UPGRADE_SUCCEEDED, actor);
        } catch (RuntimeException e) {
            fail(id, ActionType.UPGRADE_FAILED, actor, "upgrade", e);
        }
    }

    private void runRollback(long id, int revision, String actor) {
        Store store = begin(id, UnaryOperator.identity(), null);
        if (store == null) {
            return;
        }
        try {
            step(id, "Rolling release " + store.releaseName() + " back to revision " + revision);
            ReleaseInfo release = rollout(id, store, () -> helm.rollback(store, revision));
            ready(id, store, release.revision(), ActionType.ROLLBACK_SUCCEEDED, actor);
        } catch (RuntimeException e) {
            fail(id, ActionType.ROLLBACK_FAILED, actor, "rollback", e);
        }
    }

    private void runDelete(long id, String actor) {
        Store store = stores.find(id).orElse(null);
        if (store == null) {
            return; // an earlier delete already finished
        }
        int failures = 0;
        // A delete runs to its end once started (a cancel does not stop it): progress, not steps.
        progress(id, "Uninstalling release " + store.releaseName());
        try {
            executor.interruptibly(() -> helm.uninstall(store));
        } catch (RuntimeException e) {
            failures++;
            auditStepFailure(store, actor, "uninstalling release " + store.releaseName(), e);
        }
        progress(id, "Deleting namespace " + store.namespace());
        try {
            executor.interruptibly(() -> cluster.deleteNamespace(store, settings.deleteTimeout()));
        } catch (RuntimeException e) {
            failures++;
            auditStepFailure(store, actor, "deleting namespace " + store.namespace(), e);
        }
        if (failures > 0 && executor.isShuttingDown()) {
            // Cut off by the console closing, not failed: the store stays DELETING and the delete
            // resumes at the next start, so no namespace is left behind without its store.
            LOG.info("Delete of store {} stopped by shutdown; it resumes at the next start", id);
            return;
        }
        String detail = failures == 0
                ? "release and namespace removed"
                : failures + " cleanup step(s) failed (see the rows before); check namespace " + store.namespace()
                        + " on the cluster";
        Outcome outcome = failures == 0 ? Outcome.SUCCESS : Outcome.FAILURE;
        try {
            events.audited(stores.remove(id, s -> audit(ActionType.DELETED, outcome, s, actor, detail)));
            events.storeRemoved(id);
        } catch (StoreNotFoundException e) {
            LOG.info("Store {} was already removed", id);
        }
    }

    /** A Helm change of the release, watched so that a release stuck on the cluster fails at once, in words. */
    private ReleaseInfo rollout(long id, Store store, java.util.function.Supplier<ReleaseInfo> change) {
        return executor.interruptibly(() -> cluster.superviseRollout(store, message -> progress(id, message), change));
    }

    /** Moves a store into its running state; null if it was deleted or moved on meanwhile. */
    private Store begin(long id, UnaryOperator<Store> change, java.util.function.Function<Store, AuditEvent> auditOf) {
        try {
            Store store = auditOf == null ? get(id) : published(stores.update(id, change, auditOf));
            changed(store);
            return store;
        } catch (StoreNotFoundException | InvalidStateException e) {
            LOG.info("Skipping work on store {}: {}", id, e.getMessage());
            return null;
        }
    }

    private void ready(long id, Store store, int revision, ActionType action, String actor) {
        step(id, "Waiting for the workloads of " + store.releaseName() + " to be ready");
        executor.interruptibly(() -> cluster.awaitReady(store, settings.readyTimeout(), message -> progress(id, message)));
        String url = executor.interruptibly(() -> cluster.storeUrl(store)).orElse("http://" + settings.hostOf(store.slug()));
        Instant finished = now();
        Store done = published(stores.update(id, s -> s.ready(revision, url, finished), s -> {
            AuditEvent event = audit(action, Outcome.SUCCESS, s, actor, "revision " + revision + " ready at " + url);
            Instant started = s.operationStartedAt() == null ? s.createdAt() : s.operationStartedAt();
            return event.withDuration(Duration.between(started, finished).toMillis());
        }));
        changed(done);
    }

    private void fail(long id, ActionType action, String actor, String operation, RuntimeException cause) {
        if (executor.isShuttingDown()) {
            // Not a failure of the store: the console is closing. The store stays in its running
            // state and start-up reconciliation picks it up again.
            LOG.info("{} of store {} stopped by shutdown; it resumes at the next start", operation, id);
            return;
        }
        String described = describe(cause);
        String reason = executor.isCancelled() && !described.startsWith(CANCELLED)
                ? clip(CANCELLED + " during " + operation + " (" + described + ")", MAX_DETAIL)
                : described;
        LOG.warn("{} of store {} failed: {}", operation, id, reason, cause instanceof StoreException ? null : cause);
        try {
            Store failed = published(stores.update(id, s -> s.failed(reason, now()),
                    s -> audit(action, Outcome.FAILURE, s, actor, reason)));
            changed(failed);
        } catch (StoreNotFoundException | InvalidStateException e) {
            LOG.info("Store {} moved on while {} failed: {}", id, operation, e.getMessage());
        } catch (StorageException e) {
            // The store stays in its running state; start-up reconciliation settles it.
            LOG.error("Could not record that {} of store {} failed", operation, id, e);
        }
    }

    private void auditStepFailure(Store store, String actor, String step, RuntimeException cause) {
        String reason = step + ": " + describe(cause);
        LOG.warn("Delete of store {}: {}", store.id(), reason);
        try {
            audit.append(audit(ActionType.DELETE_STEP_FAILED, Outcome.FAILURE, store, actor, reason));
        } catch (StorageException e) {
            LOG.error("Could not audit a failed delete step of store {}", store.id(), e);
        }
    }

    // ---- helpers --------------------------------------------------------------------------

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
                    name = stores.find(storeId).map(Store::name).orElse(null);
                }
                Outcome outcome = e.kind() == ErrorKind.CLUSTER ? Outcome.FAILURE : Outcome.REJECTED;
                try {
                    audit.append(new AuditEvent(null, now(), action, outcome, storeId, clip(name, 255), actor,
                            clip(e.getMessage(), MAX_DETAIL), null));
                } catch (StorageException storage) {
                    LOG.error("Could not audit a refused {}", action, storage);
                }
            }
            throw e;
        }
    }

    /** The values every release of a store gets, plus the operator's overrides on top. */
    Map<String, Object> chartValues(Store store, Map<String, Object> overrides) {
        Map<String, Object> storeValues = new LinkedHashMap<>();
        storeValues.put("name", store.name());
        storeValues.put("id", String.valueOf(store.id()));
        if (store.email() != null) {
            storeValues.put("adminEmail", store.email());
        }
        Map<String, Object> ingress = new LinkedHashMap<>();
        ingress.put("host", settings.hostOf(store.slug()));
        ingress.put("className", settings.ingressClass());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("store", storeValues);
        values.put("ingress", ingress);
        values.putAll(overrides);
        return values;
    }

    /** Tells listeners about a committed change's audit row; gives the store as written. */
    private Store published(StoreRepository.Recorded recorded) {
        events.audited(recorded.audit());
        return recorded.store();
    }

    private AuditEvent audit(ActionType action, Outcome outcome, Store store, String actor, String detail) {
        return AuditEvent.of(now(), action, outcome, store, actor, clip(detail, MAX_DETAIL));
    }

    /** Reports a step; also the point where a cancelled operation stops. */
    private void step(long id, String message) {
        if (executor.isCancelled()) {
            throw new dev.storefleet.domain.ClusterException(CANCELLED + " before: " + message);
        }
        progress(id, message);
    }

    private void progress(long id, String message) {
        LOG.info("store {}: {}", id, message);
        events.progress(id, message);
    }

    private void changed(Store store) {
        events.storeChanged(store);
    }

    private static String describe(RuntimeException e) {
        if (e instanceof StoreException) {
            return clip(e.getMessage(), MAX_DETAIL);
        }
        return clip("Unexpected error: " + e, MAX_DETAIL);
    }

    static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }

    private Instant now() {
        return clock.instant();
    }
}
