package dev.storefleet.service.port;

import dev.storefleet.domain.Store;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the engine needs from Kubernetes beyond Helm: the store's namespace and the readiness
 * of its workloads. Failures are ClusterException naming the operation and the object.
 */
public interface StoreCluster {

    /** Creates or converges the store's namespace with its quota, limits and network policy. */
    void ensureNamespace(Store store);

    /**
     * Runs {@code rollout} (a Helm install, upgrade or rollback: Helm waits there for the release's
     * setup Job) while watching the release's pods. When they are stuck in a state that does not
     * heal by itself (an image that cannot be pulled, a crash loop, no node for a pod, a failed
     * Job, a quota refusal), the waiting Jobs are stopped so Helm returns, and the diagnosis is
     * thrown instead of Helm's own error. {@code progress} hears what the release is waiting for.
     * Without a cluster to watch (fakes), it just runs {@code rollout}.
     */
    default <T> T superviseRollout(Store store, Consumer<String> progress, Supplier<T> rollout) {
        return rollout.get();
    }

    /**
     * Waits until every workload of the store's release is ready, or fails at the deadline
     * saying what was still not ready. Fails at once, with the failing pod, container, reason and
     * log tail, when the release is stuck (see {@link #superviseRollout}). {@code progress} hears
     * what it is waiting for.
     */
    void awaitReady(Store store, Duration timeout, Consumer<String> progress);

    /** Where shoppers reach the store (its Ingress), if the cluster says. */
    Optional<String> storeUrl(Store store);

    /**
     * Suspends the store: every Deployment and StatefulSet of its release goes to zero replicas,
     * the count it had kept in an annotation on it (so a second call after a crash keeps the first
     * count), and waits until their pods are gone. Volumes, Secrets and the release stay.
     */
    void scaleToZero(Store store, Duration timeout, Consumer<String> progress);

    /**
     * Resumes the store: each workload suspended by {@link #scaleToZero} goes back to the replicas
     * kept for it. Does not wait; {@link #awaitReady} does.
     */
    void scaleBack(Store store);

    /** Deletes the namespace and waits until it is gone; quiet if it does not exist. */
    void deleteNamespace(Store store, Duration timeout);

    boolean namespaceExists(Store store);

    /** Namespaces labelled as Storefleet's, with the store id each one is labelled with. */
    Map<String, String> managedNamespaces();
}
