package dev.storefleet.service;

import static dev.storefleet.service.StoreService.SYSTEM;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreException;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.StoreCluster;
import dev.storefleet.service.port.StoreLeases;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciliation: what a crash or a kill left running is resumed or judged, each store with a
 * RECONCILED audit row, and namespaces labelled as Storefleet's that no store here owns are
 * reported (never deleted unasked). One console at a time does it (the fleet's reconciler); on a
 * shared database it sweeps again and again, for stores whose console died mid-operation.
 */
final class Reconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final StoreRecords records;
    private final StoreCluster cluster;
    private final StoreOperations operations;
    private final StoreLeasing leasing;

    Reconciliation(StoreRecords records, StoreCluster cluster, StoreOperations operations, StoreLeasing leasing) {
        this.leasing = leasing;
        this.records = records;
        this.cluster = cluster;
        this.operations = operations;
    }

    /**
     * At start-up: unless another live console is the fleet's reconciler, becomes it, settles what
     * was left running and looks for orphaned namespaces.
     */
    StoreService.ReconcileReport reconcile() {
        Optional<StoreLeases.Lease> other = leasing.becomeReconciler();
        if (other.isPresent()) {
            LOG.info("Start-up reconciliation left to {}, which reconciles this fleet", other.get().holderName());
            return new StoreService.ReconcileReport(0, List.of(), other.get().holderName());
        }
        int resumed = sweep();
        lookUpUnknownCharts();
        return new StoreService.ReconcileReport(resumed, orphanNamespaces(), null);
    }

    /** Settled stores recorded before chart versions were kept get theirs from Helm, in the background. */
    private void lookUpUnknownCharts() {
        for (Store store : records.all()) {
            boolean settled = store.status() == StoreStatus.READY || store.status() == StoreStatus.FAILED;
            if (settled && store.chart() == null && store.helmRevision() != null) {
                operations.queueChartLookup(store.id());
            }
        }
    }

    /**
     * Resumes or judges each store left in a running state whose operation no live console holds
     * (every one of them at the start of a console that has its database to itself). Returns how
     * many were taken over.
     */
    int sweep() {
        int resumed = 0;
        for (Store store : records.all()) {
            long id = store.id();
            switch (store.status()) {
                case CREATED, PROVISIONING -> {
                    if (leasing.takeOver(id, StoreOperations.PROVISION)) {
                        reconciled(store, "resuming provisioning interrupted by a restart");
                        operations.queueProvisioning(id, SYSTEM);
                        resumed++;
                    }
                }
                case UPGRADING, ROLLING_BACK -> {
                    if (leasing.takeOver(id, StoreOperations.SETTLE)) {
                        reconciled(store, "checking an interrupted " + store.status().label() + " against Helm");
                        operations.queueSettleInterrupted(id);
                        resumed++;
                    }
                }
                case SUSPENDING -> {
                    if (leasing.takeOver(id, StoreOperations.SUSPEND_OP)) {
                        reconciled(store, "resuming a suspend interrupted by a restart");
                        operations.queueSuspend(id, SYSTEM);
                        resumed++;
                    }
                }
                case RESUMING -> {
                    if (leasing.takeOver(id, StoreOperations.RESUME_OP)) {
                        reconciled(store, "resuming a resume interrupted by a restart");
                        operations.queueResume(id, SYSTEM);
                        resumed++;
                    }
                }
                case DELETING -> {
                    if (leasing.takeOver(id, StoreOperations.DELETE)) {
                        reconciled(store, "resuming a delete interrupted by a restart");
                        operations.queueDelete(id, SYSTEM);
                        resumed++;
                    }
                }
                case RESTORING -> {
                    // Its data was being replaced when the console stopped: nothing resumes a cut stream.
                    if (leasing.takeOver(id, BackupService.RESTORE_LEASE)) {
                        records.update(id, s -> BackupService.afterCutRestore(s, null, null,
                                "the console stopped while its data went back", records.now()), s -> records.audit(
                                ActionType.RECONCILED, Outcome.SUCCESS, s, SYSTEM, s.status() == StoreStatus.READY
                                        ? "a restore interrupted by a restart changed nothing (PostgreSQL restores in"
                                                + " one transaction): ready as it was"
                                        : "a restore interrupted by a restart: " + s.lastError()));
                        leasing.workEnded(id);
                        resumed++;
                    }
                }
                default -> {
                    // READY, FAILED and SUSPENDED are settled states
                }
            }
        }
        return resumed;
    }

    /** Namespaces labelled as Storefleet's with no store here; empty when the cluster cannot be read. */
    private List<String> orphanNamespaces() {
        try {
            Set<String> known = new HashSet<>();
            records.all().forEach(s -> known.add(s.namespace()));
            List<String> orphans = cluster.managedNamespaces().keySet().stream().filter(ns -> !known.contains(ns))
                    .sorted().toList();
            if (!orphans.isEmpty()) {
                LOG.warn("Namespaces labelled as Storefleet's with no store in this console: {}", orphans);
            }
            return orphans;
        } catch (StoreException e) {
            LOG.warn("Could not look for orphaned namespaces: {}", e.getMessage());
            return List.of();
        }
    }

    private void reconciled(Store store, String detail) {
        try {
            records.append(records.audit(ActionType.RECONCILED, Outcome.SUCCESS, store, SYSTEM, detail));
        } catch (StorageException e) {
            LOG.error("Could not audit the reconciliation of store {}", store.id(), e);
        }
    }
}
