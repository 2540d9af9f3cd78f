package dev.storefleet.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One e-commerce store: one namespace and one Helm release on the cluster. Immutable; every
 * change goes through a method that asks the state machine first, so no code path can put a
 * store into a state the lifecycle does not allow.
 *
 * @param id                 database id, null until the store is recorded
 * @param helmRevision       the Helm revision last deployed successfully, null if none yet
 * @param url                where shoppers reach the store, once known
 * @param lastError          why the last operation failed, cleared when one succeeds
 * @param operationStartedAt when the current (or last) operation was asked for
 * @param lastVerification   the last end-to-end check (test order placed and listed), null if never
 * @param chart              the chart of the deployed revision as Helm lists it ({@code woocommerce-0.1.0}), null if unknown
 * @param appVersion         the app version of that chart ({@code 6.8.3}), null if unknown
 */
public record Store(
        Long id,
        String name,
        String slug,
        StoreType type,
        String owner,
        String email,
        StoreStatus status,
        String namespace,
        String releaseName,
        Integer helmRevision,
        String url,
        String lastError,
        Instant createdAt,
        Instant updatedAt,
        Instant operationStartedAt,
        Verification lastVerification,
        String chart,
        String appVersion) {

    public Store {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(releaseName, "releaseName");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A store as accepted, before it is recorded: CREATED, waiting for a worker. */
    public static Store accepted(NewStoreRequest.ValidStoreRequest request, Instant now) {
        return new Store(null, request.name(), request.slug(), request.type(), request.owner(), request.email(),
                StoreStatus.CREATED, StoreNames.namespaceOf(request.slug()), StoreNames.releaseOf(request.slug()),
                null, null, null, now, now, now, null, null, null);
    }

    public Store withId(long newId) {
        return new Store(newId, name, slug, type, owner, email, status, namespace, releaseName, helmRevision, url,
                lastError, createdAt, updatedAt, operationStartedAt, lastVerification, chart, appVersion);
    }

    /**
     * Records the result of a verification. It changes no state: a check is an observation, and
     * it is kept even if the store moved on while the check ran.
     */
    public Store verified(Verification verification) {
        return new Store(id, name, slug, type, owner, email, status, namespace, releaseName, helmRevision, url,
                lastError, createdAt, updatedAt, operationStartedAt, verification, chart, appVersion);
    }

    /** Orders can be placed, listed and verified only on a store that is up: READY. */
    public void requireReadyFor(String action) {
        if (status != StoreStatus.READY) {
            throw new InvalidStateException("Cannot " + action + " on store '" + name + "' while it is "
                    + status.label() + "; only a ready store takes orders."
                    + (status == StoreStatus.SUSPENDED ? " Resume it first." : ""));
        }
    }

    /** A worker picked the store up (CREATED), or a retry or a restart re-runs provisioning. */
    public Store startProvisioning(Instant now) {
        if (status == StoreStatus.PROVISIONING) {
            return this; // re-running provisioning after a restart converges; nothing to change
        }
        if (status == StoreStatus.READY) { // only reprovision() moves a READY store back
            throw new InvalidStateException("Cannot provision store '" + name + "' while it is ready.");
        }
        return moveTo(StoreStatus.PROVISIONING, now, "provision", helmRevision, url, null,
                status == StoreStatus.FAILED ? now : operationStartedAt);
    }

    public Store startUpgrade(Instant now) {
        return moveTo(StoreStatus.UPGRADING, now, "upgrade", helmRevision, url, null, now);
    }

    public Store startRollback(Instant now) {
        if (status == StoreStatus.FAILED && helmRevision == null) {
            throw new InvalidStateException("Store '" + name + "' was never deployed, so there is nothing to roll"
                    + " back to. Retry it instead.");
        }
        return moveTo(StoreStatus.ROLLING_BACK, now, "roll back", helmRevision, url, null, now);
    }

    public Store startDeleting(Instant now) {
        return moveTo(StoreStatus.DELETING, now, "delete", helmRevision, url, lastError, now);
    }

    /** A READY store is being switched off: its workloads go to zero replicas, its data stays. */
    public Store startSuspend(Instant now) {
        requireStatus(StoreStatus.READY, "only a ready store can be suspended.");
        return moveTo(StoreStatus.SUSPENDING, now, "suspend", helmRevision, url, null, now);
    }

    /** Its workloads are at zero replicas. */
    public Store suspended(Instant now) {
        return moveTo(StoreStatus.SUSPENDED, now, "mark suspended", helmRevision, url, null, operationStartedAt);
    }

    /** A SUSPENDED store's workloads go back to what they were; it is READY once they are ready. */
    public Store startResume(Instant now) {
        requireStatus(StoreStatus.SUSPENDED, "only a suspended store can be resumed.");
        return moveTo(StoreStatus.RESUMING, now, "resume", helmRevision, url, null, now);
    }

    /** A READY store's data is being replaced from one of its backups. */
    public Store startRestore(Instant now) {
        requireStatus(StoreStatus.READY, "only a ready store's data can be restored from a backup.");
        return moveTo(StoreStatus.RESTORING, now, "restore a backup into", helmRevision, url, null, now);
    }

    /** Its data is back (or, a restore that changed nothing, as it was): ready at the same revision. */
    public Store restored(Instant now) {
        return moveTo(StoreStatus.READY, now, "mark restored", helmRevision, url, null, operationStartedAt);
    }

    public boolean canRestore() {
        return status.canMoveTo(StoreStatus.RESTORING);
    }

    private void requireStatus(StoreStatus needed, String rule) {
        if (status != needed) {
            throw new InvalidStateException("Store '" + name + "' is " + status.label() + "; " + rule);
        }
    }

    /** The running operation succeeded: the release is deployed at {@code revision}. */
    public Store ready(int revision, String storeUrl, Instant now) {
        return moveTo(StoreStatus.READY, now, "mark ready", revision, storeUrl, null, operationStartedAt);
    }

    /** The running operation succeeded: the release is deployed at {@code revision} of {@code deployedChart}. */
    public Store ready(int revision, String deployedChart, String deployedAppVersion, String storeUrl, Instant now) {
        Store ready = ready(revision, storeUrl, now);
        return new Store(id, name, slug, type, owner, email, ready.status, namespace, releaseName, ready.helmRevision,
                ready.url, ready.lastError, createdAt, ready.updatedAt, ready.operationStartedAt, lastVerification,
                deployedChart, deployedAppVersion);
    }

    /** The same store with the chart of its deployed revision known (read from Helm for a store recorded before it was kept). */
    public Store withChart(String deployedChart, String deployedAppVersion) {
        return new Store(id, name, slug, type, owner, email, status, namespace, releaseName, helmRevision, url,
                lastError, createdAt, updatedAt, operationStartedAt, lastVerification, deployedChart, deployedAppVersion);
    }

    /** The version part of {@link #chart()} ({@code 0.1.0}), null when the chart is unknown. */
    public String chartVersion() {
        return ChartVersion.versionOf(chart);
    }

    /** The running operation failed; the error is kept for the operator. */
    public Store failed(String error, Instant now) {
        return moveTo(StoreStatus.FAILED, now, "mark failed", helmRevision, url, error, operationStartedAt);
    }

    /** Retry is its own word in the API: only a FAILED store may be retried. */
    public Store retry(Instant now) {
        if (status != StoreStatus.FAILED) {
            throw new InvalidStateException("Store '" + name + "' is " + status.label()
                    + "; only a failed store can be retried.");
        }
        return startProvisioning(now);
    }

    /**
     * A READY store is installed again because its namespace or release was removed outside the
     * console (the caller checks the drift); provisioning converges, so nothing is duplicated.
     */
    public Store reprovision(Instant now) {
        if (status != StoreStatus.READY) {
            throw new InvalidStateException("Store '" + name + "' is " + status.label()
                    + "; only a ready store whose namespace or release was removed can be re-provisioned.");
        }
        return moveTo(StoreStatus.PROVISIONING, now, "re-provision", helmRevision, url, null, now);
    }

    public boolean canRetry() {
        return status == StoreStatus.FAILED;
    }

    public boolean canUpgrade() {
        return status.canMoveTo(StoreStatus.UPGRADING);
    }

    public boolean canRollback() {
        return status.canMoveTo(StoreStatus.ROLLING_BACK) && helmRevision != null;
    }

    public boolean canSuspend() {
        return status.canMoveTo(StoreStatus.SUSPENDING);
    }

    public boolean canResume() {
        return status.canMoveTo(StoreStatus.RESUMING);
    }

    public boolean canDelete() {
        return status.canMoveTo(StoreStatus.DELETING);
    }

    private Store moveTo(StoreStatus target, Instant now, String action, Integer revision, String storeUrl,
            String error, Instant opStarted) {
        if (!status.canMoveTo(target)) {
            throw new InvalidStateException("Cannot " + action + " store '" + name + "' while it is "
                    + status.label() + ".");
        }
        return new Store(id, name, slug, type, owner, email, target, namespace, releaseName, revision, storeUrl,
                error, createdAt, now, opStarted, lastVerification, chart, appVersion);
    }
}
