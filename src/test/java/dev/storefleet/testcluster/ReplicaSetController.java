package dev.storefleet.testcluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

/**
 * The ReplicaSet controller: keeps {@code spec.replicas} pods named {@code <rs>-<5 chars>}
 * (creating missing ones, deleting extra ones, unready and newest first) and reports their
 * readiness. A quota fault refuses a pod: a {@code FailedCreate} Warning event and a
 * {@code ReplicaFailure} condition, retried every tick.
 */
final class ReplicaSetController {

    static final String COMPONENT = "replicaset-controller";

    private final ObjectStore store;
    private final PodFaults faults;
    private final ClusterEvents events;

    ReplicaSetController(ObjectStore store, PodFaults faults, ClusterEvents events) {
        this.store = store;
        this.faults = faults;
        this.events = events;
    }

    /** Returns whether a pod was refused (the caller retries later). */
    boolean reconcile(ObjectNode rs) {
        long want = Json.number(rs, 1, "spec", "replicas");
        String name = ObjectStore.nameOf(rs);
        List<ObjectNode> pods = Workloads.controlled(store, rs, "Pod");
        String refusal = null;
        for (long i = pods.size(); i < want; i++) {
            String podName = name + "-" + Workloads.randomSuffix();
            Optional<PodFaults.Quota> quota = faults.quota(podName);
            if (quota.isPresent()) {
                refusal = quotaMessage(quota.get(), podName);
                break;
            }
            String hash = Json.text(rs, "spec", "template", "metadata", "labels", "pod-template-hash");
            ObjectNode pod = Workloads.newPod(rs, rs.path("spec").path("template"), podName, name + "-",
                    hash == null ? Map.of() : Map.of("pod-template-hash", hash));
            if (!store.tryCreate(pod).ok()) {
                return false; // the namespace is going away
            }
        }
        if (pods.size() > want) {
            List<ObjectNode> extra = new ArrayList<>(pods);
            extra.sort(Comparator.comparing((ObjectNode p) -> Workloads.podReady(p))
                    .thenComparing(p -> Json.text(p, "metadata", "creationTimestamp"), Comparator.reverseOrder()));
            for (ObjectNode p : extra.subList(0, (int) (pods.size() - want))) {
                store.deleteWithDependents(p);
            }
        }
        if (refusal != null) {
            events.record(ClusterEvents.Involved.of(rs), "Warning", "FailedCreate", "Error creating: " + refusal, COMPONENT,
                    "FailedCreate");
        }
        status(rs, refusal);
        return refusal != null;
    }

    private void status(ObjectNode rs, String refusal) {
        List<ObjectNode> pods = Workloads.controlled(store, rs, "Pod");
        long ready = pods.stream().filter(Workloads::podReady).count();
        ObjectNode next = rs.deepCopy();
        ObjectNode status = next.withObject("status");
        Workloads.count(status, "replicas", pods.size());
        Workloads.count(status, "fullyLabeledReplicas", pods.size());
        Workloads.count(status, "readyReplicas", ready);
        Workloads.count(status, "availableReplicas", ready);
        status.put("observedGeneration", Json.number(rs, 1, "metadata", "generation"));
        if (refusal != null) {
            Workloads.setCondition(status, "ReplicaFailure", true, "FailedCreate", refusal, false);
        } else {
            Workloads.removeCondition(status, "ReplicaFailure");
        }
        if (!next.equals(rs)) {
            store.replace(next);
        }
    }

    /** The quota's refusal of a pod, worded as the ResourceQuota admission plugin words it. */
    static String quotaMessage(PodFaults.Quota quota, String podName) {
        return quota.message() != null ? quota.message() : "pods \"" + podName + "\" is forbidden: exceeded quota: "
                + "storefleet-quota, requested: limits.memory=1Gi, used: limits.memory=8Gi, limited: limits.memory=8Gi";
    }
}
