package dev.storefleet.service;

import static dev.storefleet.service.StoreService.MAX_DETAIL;
import static dev.storefleet.service.StoreService.SYSTEM;
import static dev.storefleet.service.StoreService.clip;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreException;
import dev.storefleet.domain.StoreNotFoundException;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.StoreCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster work of the store use cases, run on the {@link StoreWorkQueue} after its request
 * was recorded. Provisioning, upgrade, rollback and the settling of an upgrade or rollback that a
 * restart cut off share one shape ({@link #run}): begin, the steps, then READY with the revision
 * Helm deployed, or FAILED in words. A delete has its own: it runs to its end whatever fails on
 * the way, and ends with the store's row removed rather than in a state.
 */
final class StoreOperations {
    private static final Logger LOG = LoggerFactory.getLogger(StoreOperations.class);

    /** How a store's error starts when the operator stopped the operation. */
    static final String CANCELLED = "cancelled by the operator";

    /** The names of the operations, as leases and logs give them. */
    static final String PROVISION = "provisioning";
    static final String UPGRADE_OP = "upgrade";
    static final String ROLLBACK_OP = "rollback";
    static final String DELETE = "delete";
    static final String SUSPEND_OP = "suspend";
    static final String RESUME_OP = "resume";
    static final String SETTLE = "reconcile";

    /** One kind of operation: its name in logs and errors, and the audit actions of its two ends. */
    private record Kind(String name, ActionType succeeded, ActionType failed) {
    }

    private static final Kind PROVISIONING = new Kind(PROVISION, ActionType.PROVISION_SUCCEEDED,
            ActionType.PROVISION_FAILED);
    private static final Kind UPGRADE = new Kind(UPGRADE_OP, ActionType.UPGRADE_SUCCEEDED, ActionType.UPGRADE_FAILED);
    private static final Kind ROLLBACK = new Kind(ROLLBACK_OP, ActionType.ROLLBACK_SUCCEEDED, ActionType.ROLLBACK_FAILED);
    private static final Kind RESUME = new Kind(RESUME_OP, ActionType.RESUME_SUCCEEDED, ActionType.RESUME_FAILED);

    /** How an operation moves its store into the running state, with the audit row of that move. */
    private record Start(UnaryOperator<Store> change, Function<Store, AuditEvent> audit) {
    }

    /** The steps of an operation; gives the revision of the release they leave deployed (and its chart). */
    @FunctionalInterface
    private interface Steps {
        ReleaseInfo run(Store store);
    }

    private final StoreRecords records;
    private final HelmReleases helm;
    private final StoreCluster cluster;
    private final StoreWorkQueue executor;
    private final EngineSettings settings;
    private final ChartValues chartValues;
    private final StoreLeasing leasing;

    StoreOperations(StoreRecords records, HelmReleases helm, StoreCluster cluster, StoreWorkQueue executor,
            EngineSettings settings, ChartValues chartValues, StoreLeasing leasing) {
        this.leasing = leasing;
        this.records = records;
        this.helm = helm;
        this.cluster = cluster;
        this.executor = executor;
        this.settings = settings;
        this.chartValues = chartValues;
    }

    // ---- queueing ---------------------------------------------------------------------------

    void queueProvisioning(long id, String actor) {
        submit(id, PROVISIONING.name(), actor, () -> provision(id, actor));
    }

    void queueUpgrade(long id, Map<String, Object> overrides, String actor) {
        submit(id, UPGRADE.name(), actor, () -> run(id, actor, null, store -> UPGRADE, store -> {
            step(id, "Upgrading release " + store.releaseName());
            return rollout(id, store, () -> helm.upgradeInstall(store, chartValues.of(store, overrides)));
        }));
    }

    void queueRollback(long id, int revision, String actor) {
        submit(id, ROLLBACK.name(), actor, () -> run(id, actor, null, store -> ROLLBACK, store -> {
            step(id, "Rolling release " + store.releaseName() + " back to revision " + revision);
            return rollout(id, store, () -> helm.rollback(store, revision));
        }));
    }

    /** Scales the store's workloads to zero (its request made it SUSPENDING); SUSPENDED once their pods are gone. */
    void queueSuspend(long id, String actor) {
        submit(id, SUSPEND_OP, actor, () -> suspend(id, actor));
    }

    /** Scales a RESUMING store's workloads back; READY once they are ready, at the revision it had. */
    void queueResume(long id, String actor) {
        submit(id, RESUME_OP, actor, () -> run(id, actor, null, store -> RESUME, store -> {
            step(id, "Scaling the workloads of " + store.releaseName() + " back up");
            executor.interruptibly(() -> cluster.scaleBack(store));
            if (store.helmRevision() == null) {
                throw new ClusterException("store '" + store.name() + "' has no deployed revision to resume");
            }
            return new ReleaseInfo(store.helmRevision(), "deployed", store.chart(), store.appVersion(), null, null);
        }));
    }

    void queueDelete(long id, String actor) {
        submit(id, DELETE, actor, () -> delete(id, actor));
    }

    /** An upgrade or rollback was cut off: READY if Helm deployed a newer revision, else FAILED. */
    void queueSettleInterrupted(long id) {
        submit(id, SETTLE, SYSTEM, () -> run(id, SYSTEM, null, StoreOperations::settling, store -> {
            ReleaseInfo current = executor.interruptibly(() -> helm.status(store)).orElseThrow(
                    () -> new ClusterException("release " + store.releaseName() + " is gone"));
            boolean newer = store.helmRevision() == null || current.revision() > store.helmRevision();
            if (current.isDeployed() && newer) {
                return current;
            }
            throw new ClusterException("interrupted by a restart; release " + store.releaseName() + " is at revision "
                    + current.revision() + " (" + current.status() + "). Roll back to the last good revision"
                    + (store.helmRevision() == null ? "" : " (" + store.helmRevision() + ")")
                    + ", or retry provisioning.");
        }));
    }

    /**
     * A settled store recorded before chart versions were kept (schema 7): the chart and app version
     * of its recorded revision are read from Helm's history once and written with a RECONCILED row.
     * No lease: the write is guarded instead (the row must still be at that revision with no chart),
     * so an operation of another console that moved the store on meanwhile wins. A cluster that does
     * not answer leaves the chart unknown until the next start.
     */
    void queueChartLookup(long id) {
        executor.submit(id, "chart lookup", () -> {
            Store store = records.find(id).orElse(null);
            if (store == null || store.chart() != null || store.helmRevision() == null) {
                return;
            }
            int revision = store.helmRevision();
            try {
                ReleaseInfo deployed = executor.interruptibly(() -> helm.history(store)).stream()
                        .filter(r -> r.revision() == revision).findFirst().orElse(null);
                if (deployed == null || deployed.chart() == null) {
                    LOG.info("Store {}: Helm keeps no revision {} any more; its chart stays unknown", id, revision);
                    return;
                }
                Store filled = records.update(id, s -> {
                    if (s.chart() != null || s.helmRevision() == null || s.helmRevision() != revision) {
                        throw new InvalidStateException("store " + id + " moved on before its chart was recorded");
                    }
                    return s.withChart(deployed.chart(), deployed.appVersion());
                }, s -> records.audit(ActionType.RECONCILED, Outcome.SUCCESS, s, SYSTEM, "chart " + deployed.chart()
                        + (deployed.appVersion() == null ? "" : " (app " + deployed.appVersion() + ")")
                        + " of revision " + revision + " read from Helm"));
                records.changed(filled);
            } catch (StoreNotFoundException | InvalidStateException e) {
                LOG.info("Chart of store {} not recorded: {}", id, e.getMessage());
            } catch (StoreException e) {
                LOG.info("Could not read the chart of store {} from Helm: {}", id, e.getMessage());
            }
        });
    }

    /** Queues an operation that runs only while this process holds the store's lease, given up when it ends. */
    private void submit(long id, String operation, String actor, Runnable work) {
        executor.submit(id, operation, () -> {
            if (!leasing.holdForWork(id, operation, actor)) {
                return; // another console took the store over; it settles it
            }
            try {
                work.run();
            } finally {
                leasing.workEnded(id);
            }
        });
    }

    // ---- the operations ---------------------------------------------------------------------

    private void provision(long id, String actor) {
        Start start = new Start(s -> s.startProvisioning(records.now()),
                s -> records.audit(ActionType.PROVISION_STARTED, Outcome.SUCCESS, s, actor,
                        "provisioning namespace " + s.namespace() + " and release " + s.releaseName()));
        run(id, actor, start, store -> PROVISIONING, store -> {
            step(id, "Preparing namespace " + store.namespace());
            executor.interruptibly(() -> cluster.ensureNamespace(store));
            step(id, "Installing " + store.type().chartName() + " chart as release " + store.releaseName());
            return rollout(id, store, () -> helm.upgradeInstall(store, chartValues.of(store, Map.of())));
        });
    }

    /** The settling of an interrupted upgrade ends as an upgrade, that of a rollback as a rollback. */
    private static Kind settling(Store store) {
        return store.status() == StoreStatus.UPGRADING
                ? new Kind("reconciliation", ActionType.UPGRADE_SUCCEEDED, ActionType.UPGRADE_FAILED)
                : new Kind("reconciliation", ActionType.ROLLBACK_SUCCEEDED, ActionType.ROLLBACK_FAILED);
    }

    /**
     * The one shape of an operation: {@code start} moves the store into its running state (null:
     * its request already did), then the steps run, then the store is READY at the revision they
     * deployed once its workloads are, or FAILED with the reason. Skipped when the store was
     * deleted or moved on before the operation began.
     */
    private void run(long id, String actor, Start start, Function<Store, Kind> kindOf, Steps steps) {
        Store store = begin(id, start);
        if (store == null) {
            return;
        }
        Kind kind = kindOf.apply(store);
        try {
            ready(id, store, steps.run(store), kind.succeeded(), actor);
        } catch (RuntimeException e) {
            fail(id, kind.failed(), actor, kind.name(), e);
        }
    }

    private void suspend(long id, String actor) {
        Store store = begin(id, null);
        if (store == null || store.status() != StoreStatus.SUSPENDING) {
            return; // deleted, or moved on (a delete) before the suspend began
        }
        try {
            step(id, "Scaling the workloads of " + store.releaseName() + " to zero");
            executor.interruptibly(() -> cluster.scaleToZero(store, settings.readyTimeout(), message -> progress(id, message)));
            Instant finished = records.now();
            Store done = records.update(id, s -> s.suspended(finished), s -> records.audit(ActionType.SUSPEND_SUCCEEDED,
                    Outcome.SUCCESS, s, actor, "workloads at zero replicas; volumes and release " + s.releaseName()
                            + " kept").withDuration(Duration.between(s.operationStartedAt() == null ? finished
                                    : s.operationStartedAt(), finished).toMillis()));
            records.changed(done);
        } catch (RuntimeException e) {
            fail(id, ActionType.SUSPEND_FAILED, actor, SUSPEND_OP, e);
        }
    }

    /** Uninstall, namespace delete, row removed; a failed step is audited and the rest goes on. */
    private void delete(long id, String actor) {
        Store store = records.find(id).orElse(null);
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
            records.remove(id, s -> records.audit(ActionType.DELETED, outcome, s, actor, detail));
        } catch (StoreNotFoundException e) {
            LOG.info("Store {} was already removed", id);
        }
    }

    // ---- the parts of an operation ----------------------------------------------------------

    /** A Helm change of the release, watched so that a release stuck on the cluster fails at once, in words. */
    private ReleaseInfo rollout(long id, Store store, Supplier<ReleaseInfo> change) {
        return executor.interruptibly(() -> cluster.superviseRollout(store, message -> progress(id, message), change));
    }

    /** Moves a store into its running state; null if it was deleted or moved on meanwhile. */
    private Store begin(long id, Start start) {
        try {
            Store store = start == null ? records.get(id) : records.update(id, start.change(), start.audit());
            records.changed(store);
            return store;
        } catch (StoreNotFoundException | InvalidStateException e) {
            LOG.info("Skipping work on store {}: {}", id, e.getMessage());
            return null;
        }
    }

    private void ready(long id, Store store, ReleaseInfo deployed, ActionType action, String actor) {
        int revision = deployed.revision();
        step(id, "Waiting for the workloads of " + store.releaseName() + " to be ready");
        executor.interruptibly(() -> cluster.awaitReady(store, settings.readyTimeout(), message -> progress(id, message)));
        String url = executor.interruptibly(() -> cluster.storeUrl(store)).orElse("http://" + settings.hostOf(store.slug()));
        Instant finished = records.now();
        Store done = records.update(id, s -> s.ready(revision, deployed.chart(), deployed.appVersion(), url, finished), s -> {
            AuditEvent event = records.audit(action, Outcome.SUCCESS, s, actor, "revision " + revision + " ready at " + url);
            Instant started = s.operationStartedAt() == null ? s.createdAt() : s.operationStartedAt();
            return event.withDuration(Duration.between(started, finished).toMillis());
        });
        records.changed(done);
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
            Store failed = records.update(id, s -> s.failed(reason, records.now()),
                    s -> records.audit(action, Outcome.FAILURE, s, actor, reason));
            records.changed(failed);
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
            records.append(records.audit(ActionType.DELETE_STEP_FAILED, Outcome.FAILURE, store, actor, reason));
        } catch (StorageException e) {
            LOG.error("Could not audit a failed delete step of store {}", store.id(), e);
        }
    }

    /** Reports a step; also the point where a cancelled operation stops. */
    private void step(long id, String message) {
        if (executor.isCancelled()) {
            throw new ClusterException(CANCELLED + " before: " + message);
        }
        progress(id, message);
    }

    private void progress(long id, String message) {
        LOG.info("store {}: {}", id, message);
        records.progress(id, message);
    }

    private static String describe(RuntimeException e) {
        if (e instanceof StoreException) {
            return clip(e.getMessage(), MAX_DETAIL);
        }
        return clip("Unexpected error: " + e, MAX_DETAIL);
    }
}
