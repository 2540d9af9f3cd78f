package dev.storefleet.cluster;

import dev.storefleet.service.port.ContainerSummary;
import dev.storefleet.service.port.FleetWatch.NamespaceHealth;
import dev.storefleet.service.port.PodSummary;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The health of one namespace's workloads, folded from what the fleet watch caches: every
 * Deployment and StatefulSet of a release with its pods. A pod that is not ready names its
 * workload, itself, its container and the reason ("statefulset shop-db: pod shop-db-0, container
 * mariadb: CrashLoopBackOff, 4 restarts, last Error, exit code 1"); a workload short of replicas
 * without a pod to blame (a quota refusing pods, a pod deleted) is named by its counts. Pods of
 * Jobs (the chart's setup) and pods that are finished or terminating are not judged: health is
 * about what serves the store.
 */
final class WorkloadHealth {
    private WorkloadHealth() {
    }

    static NamespaceHealth of(String namespace, Collection<Deployment> deployments,
            Collection<StatefulSet> statefulSets, Collection<Pod> pods) {
        Set<String> releases = new TreeSet<>();
        deployments.forEach(d -> release(d.getMetadata().getLabels()).ifPresent(releases::add));
        statefulSets.forEach(s -> release(s.getMetadata().getLabels()).ifPresent(releases::add));

        List<String> problems = new ArrayList<>();
        Set<String> blamed = new HashSet<>();
        for (Pod pod : pods) {
            String owner = workloadOf(pod);
            if (owner == null || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            PodSummary summary = PodSummaries.of(pod);
            if (!judged(summary) || healthy(summary)) {
                continue;
            }
            blamed.add(owner);
            problems.add(owner + ": pod " + summary.name() + problem(summary));
        }
        for (Deployment d : deployments) {
            int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            int available = d.getStatus() == null || d.getStatus().getAvailableReplicas() == null ? 0
                    : d.getStatus().getAvailableReplicas();
            String name = "deployment " + d.getMetadata().getName();
            if (available < desired && !blamed.contains(name)) {
                problems.add(name + ": " + available + "/" + desired + " available");
            }
        }
        for (StatefulSet s : statefulSets) {
            int desired = s.getSpec() == null || s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
            int ready = s.getStatus() == null || s.getStatus().getReadyReplicas() == null ? 0
                    : s.getStatus().getReadyReplicas();
            String name = "statefulset " + s.getMetadata().getName();
            if (ready < desired && !blamed.contains(name)) {
                problems.add(name + ": " + ready + "/" + desired + " ready");
            }
        }
        problems.sort(null);
        return new NamespaceHealth(namespace, true, List.copyOf(releases), problems);
    }

    private static java.util.Optional<String> release(Map<String, String> labels) {
        return java.util.Optional.ofNullable(labels == null ? null : labels.get(StoreLabels.INSTANCE));
    }

    /** "deployment web" for a pod of a ReplicaSet of Deployment web, "statefulset db"; null for Jobs' and bare pods. */
    private static String workloadOf(Pod pod) {
        var owners = pod.getMetadata().getOwnerReferences();
        if (owners == null) {
            return null;
        }
        for (var o : owners) {
            if ("StatefulSet".equals(o.getKind())) {
                return "statefulset " + o.getName();
            }
            if ("ReplicaSet".equals(o.getKind())) {
                int dash = o.getName().lastIndexOf('-'); // <deployment>-<pod-template-hash>
                return "deployment " + (dash > 0 ? o.getName().substring(0, dash) : o.getName());
            }
        }
        return null;
    }

    private static boolean judged(PodSummary pod) {
        return !pod.phase().equals("Succeeded") && !pod.phase().equals("Failed");
    }

    private static boolean healthy(PodSummary pod) {
        List<ContainerSummary> app = pod.appContainers();
        return pod.phase().equals("Running") && !app.isEmpty() && pod.readyContainers() == app.size();
    }

    /** ", container mariadb: CrashLoopBackOff, 4 restarts, last Error, exit code 1" or " Pending: 0/1 nodes …". */
    private static String problem(PodSummary pod) {
        ContainerSummary worst = pod.containers().stream()
                .filter(c -> !c.ready() && !(c.init() && "terminated".equals(c.state()) && "Completed".equals(c.reason())))
                .filter(c -> !c.reason().isEmpty() || c.restarts() > 0)
                .findFirst().orElse(null);
        if (worst == null) {
            String word = pod.reason().isEmpty() ? pod.phase() : pod.reason();
            String why = pod.message().isEmpty() ? (pod.phase().equals("Running") ? " (not ready)" : "")
                    : ": " + pod.message();
            return " " + word + why;
        }
        StringBuilder text = new StringBuilder(", container ").append(worst.name()).append(": ").append(worst.reason()
                .isEmpty() ? worst.state() : worst.reason());
        if (worst.reason().equals("ErrImagePull") || worst.reason().equals("ImagePullBackOff")
                || worst.reason().equals("InvalidImageName")) {
            text.append(" (").append(worst.image()).append(')');
        }
        if (worst.restarts() > 0) {
            text.append(", ").append(worst.restarts()).append(worst.restarts() == 1 ? " restart" : " restarts");
        }
        if (!worst.lastState().isEmpty()) {
            text.append(", last ").append(worst.lastState());
        }
        if (!worst.message().isEmpty() && !worst.reason().equals("CrashLoopBackOff")) {
            text.append(": ").append(worst.message());
        }
        return text.toString();
    }
}
