package dev.storefleet.service;

import dev.storefleet.domain.ChangePreview;
import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.Guardrails;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.RevisionValues;
import dev.storefleet.service.port.StoreCluster;
import dev.storefleet.service.port.StoreRepository;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The store use cases: create, list, get, retry, re-provision, upgrade, rollback, delete, cancel,
 * and start-up reconciliation. Requests are checked and recorded at once (with their audit row,
 * in one transaction; {@link StoreRequests}); the cluster work runs later on the
 * {@link StoreWorkQueue} ({@link StoreOperations}). Every request is audited, including the ones
 * a guardrail refuses.
 */
public final class StoreService {
    /** Kept for callers; the figure, and every other guardrail, is in {@link Guardrails}. */
    public static final int MAX_STORES_PER_OWNER = Guardrails.MAX_STORES_PER_OWNER;
    /** The actor of work the console does by itself (reconciliation after a restart). */
    public static final String SYSTEM = "storefleet";
    /** Longest detail kept in an audit row or a store's last error (the column's size). */
    static final int MAX_DETAIL = 4000;

    private final StoreRecords records;
    private final HelmReleases helm;
    private final StoreRequests requests;
    private final Reconciliation reconciliation;
    private final ChangePreviews previews;
    private final BackupFirstUpgrades backupFirst;
    private final StoreEvents events;
    private final StoreLeasing leasing;
    private final Clock clock;

    public StoreService(StoreRepository stores, AuditService audit, HelmReleases helm, StoreCluster cluster,
            StoreWorkQueue executor, EngineSettings settings, StoreEvents events, FleetHealth health,
            StoreLeasing leasing, Clock clock) {
        this.records = new StoreRecords(Objects.requireNonNull(stores), Objects.requireNonNull(audit),
                Objects.requireNonNull(events), Objects.requireNonNull(clock));
        this.events = events;
        this.leasing = leasing;
        this.clock = clock;
        this.helm = Objects.requireNonNull(helm);
        StoreOperations operations = new StoreOperations(records, helm, Objects.requireNonNull(cluster),
                Objects.requireNonNull(executor), Objects.requireNonNull(settings), new ChartValues(settings),
                Objects.requireNonNull(leasing));
        this.requests = new StoreRequests(records, helm, executor, Objects.requireNonNull(health), operations, leasing);
        this.reconciliation = new Reconciliation(records, cluster, operations, leasing);
        this.previews = new ChangePreviews(records, helm, new ChartValues(settings));
        this.backupFirst = new BackupFirstUpgrades(records, requests);
    }

    /** The stores' records (state, audit, events): for the services that change a store besides this one. */
    StoreRecords records() {
        return records;
    }

    /** One operation per store across consoles: for the services that change a store besides this one. */
    StoreLeasing leasing() {
        return leasing;
    }

    // ---- requests -------------------------------------------------------------------------

    /** Validates, records the store as CREATED and queues its provisioning. */
    public Store create(NewStoreRequest request, String actor) {
        return requests.create(request, actor);
    }

    /** Re-runs provisioning of a FAILED store; it converges, it never duplicates. */
    public Store retry(long id, String actor) {
        return requests.retry(id, actor);
    }

    /**
     * Installs a READY store again whose namespace or release was removed outside the console
     * (health {@code gone}: drift). Refused for a store the cluster still has: upgrade that one.
     */
    public Store reprovision(long id, String actor) {
        return requests.reprovision(id, actor);
    }

    /** Upgrades a READY store's release to the bundled chart, with extra values if given. */
    public Store upgrade(long id, Map<String, Object> extraValues, String actor) {
        return requests.upgrade(id, extraValues, actor);
    }

    /**
     * An upgrade, with a backup of the store first if {@code backupFirst}: the future gives the store
     * as its upgrade was recorded (at once without a backup; once the backup is written with one), or
     * fails in words when the backup failed, which leaves the store as it was, not upgraded. Refused
     * at once, before any backup, where the upgrade itself would be.
     */
    public CompletableFuture<Store> upgrade(long id, Map<String, Object> extraValues, String actor, boolean backupFirst) {
        return backupFirst ? this.backupFirst.upgrade(id, extraValues, actor, null)
                : CompletableFuture.completedFuture(upgrade(id, extraValues, actor));
    }

    /**
     * A rollout's upgrade of one of its stores (as {@link #upgrade(long, Map, String, boolean)}): the
     * rollout guardrail lets rollout {@code rolloutId} through. Cancelling the future before the
     * backup ends keeps the upgrade from being asked for.
     */
    CompletableFuture<Store> upgradeInRollout(long id, Map<String, Object> extraValues, String actor, long rolloutId,
            boolean backupFirst) {
        return backupFirst ? this.backupFirst.upgrade(id, extraValues, actor, rolloutId)
                : CompletableFuture.completedFuture(requests.upgrade(id, extraValues, actor, rolloutId));
    }

    /** Wires the backups that "back up first" takes (set by {@link BackupService}, which needs this service). */
    void backupsFrom(PreChangeBackup backups) {
        backupFirst.backupsFrom(backups);
    }

    /** Wires the rollout guardrail: a store in an open rollout refuses a manual upgrade. */
    void rolloutsFrom(java.util.function.Function<Long, java.util.Optional<dev.storefleet.service.port.RolloutRepository.Membership>>
            lookup) {
        requests.rolloutsFrom(lookup);
    }

    /**
     * Rolls a store back to an earlier revision of its release. Allowed from READY, and from
     * FAILED when a revision was deployed before (the usual way out of a failed upgrade).
     */
    public Store rollback(long id, int revision, String actor) {
        return requests.rollback(id, revision, actor);
    }

    /**
     * Switches a READY store off without losing it: its workloads are scaled to zero (their
     * replica counts kept on the cluster), its volumes, Secrets and release stay. SUSPENDED once
     * its pods are gone; orders, verification, upgrades and rollouts leave it alone meanwhile.
     */
    public Store suspend(long id, String actor) {
        return requests.suspend(id, actor);
    }

    /** Switches a SUSPENDED store back on: its workloads back to their counts, READY once they are ready. */
    public Store resume(long id, String actor) {
        return requests.resume(id, actor);
    }

    /**
     * Deletes a store from any state: uninstall, namespace delete, row removed. A failed step
     * is audited and the rest goes on, so the store never lingers half-deleted. A delete of a
     * store that is already being deleted joins that delete: it answers the same store and
     * neither restarts nor cancels the work under way.
     */
    public Store delete(long id, String actor) {
        return requests.delete(id, actor);
    }

    /**
     * Stops the running operation of a store at its next step (at once while it waits on the
     * cluster); the store goes FAILED with "cancelled", from where it can be retried, rolled back
     * or deleted. A delete is not cancelled: it runs to its end once started.
     */
    public boolean cancel(long id, String actor) {
        return requests.cancel(id, actor);
    }

    // ---- reads ----------------------------------------------------------------------------

    public List<Store> list() {
        return records.all();
    }

    public Store get(long id) {
        return records.get(id);
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

    /**
     * What upgrading the store to the bundled chart with {@code extraValues} would change (user
     * values and rendered manifests, by a server-side dry run), changing nothing: no audit row, no
     * queued work, no revision. Refused in words where the upgrade itself would be (not READY).
     */
    public ChangePreview previewUpgrade(long id, Map<String, Object> extraValues) {
        return previews.upgrade(id, extraValues == null ? Map.of() : extraValues);
    }

    /** What rolling the store back to {@code revision} would change (values and manifests), changing nothing. */
    public ChangePreview previewRollback(long id, int revision) {
        return previews.rollback(id, revision);
    }

    /** The chart each store type is installed and upgraded with (the one this console carries). */
    public Map<StoreType, ChartVersion> bundledCharts() {
        Map<StoreType, ChartVersion> charts = new EnumMap<>(StoreType.class);
        for (StoreType type : StoreType.values()) {
            charts.put(type, helm.bundledChart(type));
        }
        return charts;
    }

    /** The user values of the store's deployed revision; empty when it has none or Helm no longer keeps it. */
    public Optional<Map<String, Object>> deployedValues(Store store) {
        return store.helmRevision() == null ? Optional.empty()
                : helm.values(store, store.helmRevision()).map(RevisionValues::values);
    }

    private RevisionValues kept(Store store, int revision) {
        return helm.values(store, revision).orElseThrow(() -> new InvalidStateException("Release "
                + store.releaseName() + " has no revision " + revision + " any more (Helm keeps the latest "
                + "revisions only); pick another one."));
    }

    // ---- reconciliation -------------------------------------------------------------------

    /**
     * Settles what a crash or a kill left behind, at start-up: work that was queued or running
     * is resumed (provisioning and delete converge when run again); an upgrade or rollback is
     * judged by the release Helm has now. Returns the namespaces labelled as Storefleet's that
     * have no store here (orphans, reported, never deleted unasked).
     */
    public ReconcileReport reconcile() {
        return reconciliation.reconcile();
    }

    /** Follows what other consoles on a shared database write, told to this console's listeners; not yet started. */
    public OtherConsoles followOtherConsoles(AuditLog log) {
        return new OtherConsoles(log, records, events, clock);
    }

    /**
     * For the fleet's reconciler, on a shared database, again and again: takes over the stores a
     * console that died left in a running state, once their leases expired. Returns how many.
     */
    public int sweepAbandoned() {
        return reconciliation.sweep();
    }

    /**
     * What start-up reconciliation did; {@code reconciler} names the other live console that
     * reconciles the fleet when it was not this one (null when this one did).
     */
    public record ReconcileReport(int resumedOperations, List<String> orphanNamespaces, String reconciler) {
    }

    // ---- shared by the services -----------------------------------------------------------

    static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }
}
