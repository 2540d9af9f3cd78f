package dev.storefleet.service.port;

import dev.storefleet.domain.Store;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the engine needs from Kubernetes beyond Helm: the store's namespace and the readiness
 * of its workloads. Failures are ClusterException naming the operation and the object.
 */
public interface StoreCluster {

    /** Creates or converges the store's namespace with its quota, limits and network policy. */
    void ensureNamespace(Store store);

    /**
     * Waits until every workload of the store's release is ready, or fails at the deadline
     * saying what was still not ready. {@code progress} hears what it is waiting for.
     */
    void awaitReady(Store store, Duration timeout, Consumer<String> progress);

    /** Where shoppers reach the store (its Ingress), if the cluster says. */
    Optional<String> storeUrl(Store store);

    /** Deletes the namespace and waits until it is gone; quiet if it does not exist. */
    void deleteNamespace(Store store, Duration timeout);

    boolean namespaceExists(Store store);

    /** Namespaces labelled as Storefleet's, with the store id each one is labelled with. */
    Map<String, String> managedNamespaces();
}
