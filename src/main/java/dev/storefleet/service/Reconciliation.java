package dev.storefleet.service;

import static dev.storefleet.service.StoreService.SYSTEM;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreException;
import dev.storefleet.service.port.StoreCluster;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up reconciliation: what a crash or a kill left running is resumed or judged, each store
 * with a RECONCILED audit row, and namespaces labelled as Storefleet's that no store here owns
 * are reported (never deleted unasked).
 */
final class Reconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final StoreRecords records;
    private final StoreCluster cluster;
    private final StoreOperations operations;

    Reconciliation(StoreRecords records, StoreCluster cluster, StoreOperations operations) {
        this.records = records;
        this.cluster = cluster;
        this.operations = operations;
    }

    StoreService.ReconcileReport reconcile() {
        int resumed = 0;
        for (Store store : records.all()) {
            long id = store.id();
            switch (store.status()) {
                case CREATED, PROVISIONING -> {
                    reconciled(store, "resuming provisioning interrupted by a restart");
                    operations.queueProvisioning(id, SYSTEM);
                    resumed++;
                }
                case UPGRADING, ROLLING_BACK -> {
                    reconciled(store, "checking an interrupted " + store.status().label() + " against Helm");
                    operations.queueSettleInterrupted(id);
                    resumed++;
                }
                case DELETING -> {
                    reconciled(store, "resuming a delete interrupted by a restart");
                    operations.queueDelete(id, SYSTEM);
                    resumed++;
                }
                default -> {
                    // READY and FAILED are settled states
                }
            }
        }
        return new StoreService.ReconcileReport(resumed, orphanNamespaces());
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
