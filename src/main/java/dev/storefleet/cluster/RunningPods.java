package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Store;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;

/**
 * The running pod of one component of a store's release, found by the labels the charts put on
 * every pod template ({@link StoreLabels#INSTANCE} = the release, {@link StoreLabels#COMPONENT}).
 */
final class RunningPods {
    private RunningPods() {
    }

    /**
     * A pod in phase Running and not being deleted; by name when several (a StatefulSet's ordinal 0 first).
     *
     * @param operation what the caller does, for the message ("backing up ... of store 'x' in namespace y")
     * @throws ClusterException in words when none runs, naming what there is instead
     */
    static Pod find(KubernetesClient client, Store store, String component, String operation) {
        List<Pod> pods;
        try {
            pods = client.pods().inNamespace(store.namespace()).withLabel(StoreLabels.INSTANCE, store.releaseName())
                    .withLabel(StoreLabels.COMPONENT, component).list().getItems();
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap(operation, e);
        }
        return pods.stream().filter(RunningPods::isRunning)
                .min(Comparator.comparing(p -> p.getMetadata().getName()))
                .orElseThrow(() -> new ClusterException(operation + ": no pod of release " + store.releaseName()
                        + " with component '" + component + "' is running" + found(pods) + ", so the store's "
                        + component + " is down; wait until the store is ready, or see its Kubernetes events."));
    }

    private static boolean isRunning(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase());
    }

    private static String found(List<Pod> pods) {
        if (pods.isEmpty()) {
            return "";
        }
        return " (there is " + String.join(", ", pods.stream().map(p -> p.getMetadata().getName() + " "
                + (p.getMetadata().getDeletionTimestamp() != null ? "Terminating"
                        : p.getStatus() == null ? "without status" : p.getStatus().getPhase())).toList()) + ")";
    }
}
