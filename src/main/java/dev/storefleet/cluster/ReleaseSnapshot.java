package dev.storefleet.cluster;

import dev.storefleet.domain.Store;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * What a release's pods, Jobs, claims and the namespace's Warning events (and the claims'
 * FailedBinding) look like at one poll: the input of {@link ReleaseDiagnosis}. Four list calls,
 * all in the store's namespace.
 */
record ReleaseSnapshot(List<Pod> pods, List<Job> jobs, List<PersistentVolumeClaim> claims, List<Event> warnings) {

    /**
     * Normal events the diagnosis reads besides the Warnings: a claim's FailedBinding (the volume
     * controller reports "no storage class is set" as Normal) and an autoscaler's promise of a node.
     */
    private static final java.util.Set<String> NORMAL_EVENTS_READ = java.util.Set.of("FailedBinding",
            "TriggeredScaleUp", "Nominated");

    static ReleaseSnapshot read(KubernetesClient client, Store store) {
        String ns = store.namespace();
        String release = store.releaseName();
        List<Pod> pods = client.pods().inNamespace(ns).withLabel(StoreLabels.INSTANCE, release).list().getItems();
        List<Job> jobs = client.batch().v1().jobs().inNamespace(ns).withLabel(StoreLabels.INSTANCE, release).list()
                .getItems();
        // Claims of a StatefulSet's volumeClaimTemplates carry its selector labels, not always the
        // release's: every claim of the store's namespace is the store's.
        List<PersistentVolumeClaim> claims = client.persistentVolumeClaims().inNamespace(ns).list().getItems();
        // The persistent volume controller says "no storage class is set" in a Normal event.
        List<Event> warnings = client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()) || NORMAL_EVENTS_READ.contains(e.getReason())).toList();
        return new ReleaseSnapshot(pods, jobs, claims, warnings);
    }
}
