package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Store;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Suspend and resume of a store's workloads: each Deployment and StatefulSet of its release is
 * scaled to zero with its replica count kept in an annotation on it, and scaled back from that
 * annotation. The count lives on the cluster, next to the object, so another console (or this
 * one after a crash) resumes the store to what it was. Volumes are untouched.
 */
final class WorkloadScaler {
    /** The replicas a workload had before it was suspended. */
    static final String SUSPENDED_REPLICAS = "storefleet.dev/suspended-replicas";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private final ClusterConnection connection;
    private final Duration pollInterval;

    WorkloadScaler(ClusterConnection connection, Duration pollInterval) {
        this.connection = connection;
        this.pollInterval = pollInterval;
    }

    void scaleToZero(Store store, Duration timeout, Consumer<String> progress) {
        String operation = "suspending the workloads of release " + store.releaseName() + " in namespace "
                + store.namespace();
        try {
            for (HasMetadata workload : workloads(store)) {
                // Already at zero with a count kept: a suspend again after a crash keeps the first count.
                String kept = annotation(workload);
                int replicas = kept != null && replicasOf(workload) == 0 ? Integer.parseInt(kept) : replicasOf(workload);
                patch(store, workload, String.valueOf(replicas), 0);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            String lastReport = null;
            while (true) {
                List<String> running = stillRunning(store);
                if (running.isEmpty()) {
                    return;
                }
                String report = "waiting for " + String.join(", ", running) + " to stop";
                if (!report.equals(lastReport)) {
                    progress.accept(report);
                    lastReport = report;
                }
                if (System.nanoTime() >= deadline) {
                    throw new ClusterException(operation + ": still " + report + " after " + timeout.toSeconds()
                            + " s. Check the store's Pods tab; a pod may be stuck terminating.");
                }
                Thread.sleep(pollInterval.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(operation + ": interrupted");
        } catch (NumberFormatException e) {
            throw new ClusterException(operation + ": annotation " + SUSPENDED_REPLICAS + " is not a number ("
                    + e.getMessage() + "); fix or remove it on the workload, then suspend again.");
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap(operation, e);
        }
    }

    void scaleBack(Store store) {
        String operation = "resuming the workloads of release " + store.releaseName() + " in namespace "
                + store.namespace();
        try {
            for (HasMetadata workload : workloads(store)) {
                String kept = annotation(workload);
                if (kept != null) {
                    patch(store, workload, null, Math.max(0, Integer.parseInt(kept)));
                }
            }
        } catch (NumberFormatException e) {
            throw new ClusterException(operation + ": annotation " + SUSPENDED_REPLICAS + " is not a number ("
                    + e.getMessage() + "); set the workload's replicas by hand.");
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap(operation, e);
        }
    }

    /** The workloads of the release whose pods have not all stopped yet, in words. */
    private List<String> stillRunning(Store store) {
        List<String> running = new ArrayList<>();
        for (HasMetadata workload : workloads(store)) {
            int pods = statusReplicas(workload);
            if (pods > 0) {
                running.add(kind(workload) + " " + workload.getMetadata().getName() + " (" + pods + " pod"
                        + (pods == 1 ? "" : "s") + ")");
            }
        }
        return running;
    }

    private List<HasMetadata> workloads(Store store) {
        KubernetesClient client = connection.client();
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(client.apps().deployments().inNamespace(store.namespace())
                .withLabel(StoreLabels.INSTANCE, store.releaseName()).list().getItems());
        all.addAll(client.apps().statefulSets().inNamespace(store.namespace())
                .withLabel(StoreLabels.INSTANCE, store.releaseName()).list().getItems());
        return all;
    }

    /** A JSON merge patch of the replicas and the annotation ({@code kept} null removes it). */
    private void patch(Store store, HasMetadata workload, String kept, int replicas) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode annotations = body.putObject("metadata").putObject("annotations");
        if (kept == null) {
            annotations.putNull(SUSPENDED_REPLICAS);
        } else {
            annotations.put(SUSPENDED_REPLICAS, kept);
        }
        body.putObject("spec").put("replicas", replicas);
        KubernetesClient client = connection.client();
        String name = workload.getMetadata().getName();
        if (workload instanceof Deployment) {
            client.apps().deployments().inNamespace(store.namespace()).withName(name).patch(MERGE, body.toString());
        } else {
            client.apps().statefulSets().inNamespace(store.namespace()).withName(name).patch(MERGE, body.toString());
        }
    }

    private static String annotation(HasMetadata workload) {
        Map<String, String> annotations = workload.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(SUSPENDED_REPLICAS);
    }

    private static int replicasOf(HasMetadata workload) {
        Integer replicas = workload instanceof Deployment d ? d.getSpec().getReplicas()
                : ((StatefulSet) workload).getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    private static int statusReplicas(HasMetadata workload) {
        Integer replicas = workload instanceof Deployment d ? (d.getStatus() == null ? null : d.getStatus().getReplicas())
                : ((StatefulSet) workload).getStatus() == null ? null : ((StatefulSet) workload).getStatus().getReplicas();
        return replicas == null ? 0 : replicas;
    }

    private static String kind(HasMetadata workload) {
        return workload instanceof Deployment ? "deployment" : "statefulset";
    }
}
