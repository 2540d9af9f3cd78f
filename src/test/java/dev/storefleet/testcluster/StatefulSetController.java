package dev.storefleet.testcluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.storefleet.testcluster.Resources.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The StatefulSet controller: a PVC per volumeClaimTemplate and ordinal, pods {@code <sts>-0..n-1}
 * mounting them, labelled with the revision ({@code <sts>-<template hash>}) they run. Missing pods
 * are created together (as with {@code podManagementPolicy: Parallel}); a changed template rolls
 * one pod at a time, highest ordinal first, each once all the others are ready ({@code OnDelete}
 * leaves them). {@code currentRevision} becomes the update revision when every pod runs it and is ready.
 */
final class StatefulSetController {

    private static final Resource PVCS = Resources.require("v1", "PersistentVolumeClaim");
    private static final String REVISION_LABEL = "controller-revision-hash";

    private final ObjectStore store;
    private final PodFaults faults;
    private final ClusterEvents events;

    StatefulSetController(ObjectStore store, PodFaults faults, ClusterEvents events) {
        this.store = store;
        this.faults = faults;
        this.events = events;
    }

    /** Returns whether a pod was refused (the caller retries later). */
    boolean reconcile(ObjectNode sts) {
        long replicas = Json.number(sts, 1, "spec", "replicas");
        String ns = ObjectStore.namespaceOf(sts);
        String name = ObjectStore.nameOf(sts);
        JsonNode template = sts.path("spec").path("template");
        String updateRevision = name + "-" + Workloads.templateHash(template);
        String currentRevision = Json.text(sts, "status", "currentRevision");
        if (currentRevision == null) {
            currentRevision = updateRevision;
        }
        for (int i = 0; i < replicas; i++) {
            for (JsonNode claim : sts.path("spec").path("volumeClaimTemplates")) {
                String pvcName = Json.text(claim, "metadata", "name") + "-" + name + "-" + i;
                if (store.get(PVCS, ns, pvcName) == null) {
                    ObjectNode pvc = Json.object().put("apiVersion", "v1").put("kind", "PersistentVolumeClaim");
                    ObjectNode meta = pvc.putObject("metadata").put("name", pvcName).put("namespace", ns);
                    meta.set("labels", sts.path("spec").path("selector").path("matchLabels").deepCopy());
                    pvc.set("spec", claim.path("spec").deepCopy());
                    if (!store.tryCreate(pvc).ok()) {
                        return false; // the namespace is going away
                    }
                }
            }
        }
        Map<Integer, ObjectNode> pods = new HashMap<>();
        for (ObjectNode pod : Workloads.controlled(store, sts, "Pod")) {
            int ordinal = ordinal(name, ObjectStore.nameOf(pod));
            if (ordinal >= replicas || ordinal < 0) {
                store.deleteWithDependents(pod); // scaled down
            } else {
                pods.put(ordinal, pod);
            }
        }
        String refusal = null;
        String refused = null;
        for (int i = 0; i < replicas && refusal == null; i++) {
            if (!pods.containsKey(i)) {
                String podName = name + "-" + i;
                Optional<PodFaults.Quota> quota = faults.quota(podName);
                if (quota.isPresent()) {
                    refusal = ReplicaSetController.quotaMessage(quota.get(), podName);
                    refused = podName;
                    break;
                }
                ObjectStore.Response created = store.tryCreate(newPod(sts, template, i, updateRevision));
                if (!created.ok()) {
                    return false;
                }
                pods.put(i, Json.parse(created.body()));
            }
        }
        if (refusal != null) {
            events.record(ClusterEvents.Involved.of(sts), "Warning", "FailedCreate", "create Pod " + refused
                    + " in StatefulSet " + name + " failed error: " + refusal, "statefulset-controller", "FailedCreate");
        }
        boolean allReady = pods.size() == replicas && pods.values().stream().allMatch(Workloads::podReady);
        if (allReady && !"OnDelete".equals(Json.text(sts, "spec", "updateStrategy", "type"))) {
            for (int i = (int) replicas - 1; i >= 0; i--) {
                if (!updateRevision.equals(Json.text(pods.get(i), "metadata", "labels", REVISION_LABEL))) {
                    store.deleteWithDependents(pods.remove(i)); // recreated at the new revision when its deletion comes back
                    break;
                }
            }
        }
        status(sts, pods, currentRevision, updateRevision);
        return refusal != null;
    }

    private void status(ObjectNode sts, Map<Integer, ObjectNode> pods, String currentRevision, String updateRevision) {
        long replicas = Json.number(sts, 1, "spec", "replicas");
        long ready = pods.values().stream().filter(Workloads::podReady).count();
        long updated = pods.values().stream()
                .filter(p -> updateRevision.equals(Json.text(p, "metadata", "labels", REVISION_LABEL))).count();
        if (updated == replicas && ready == replicas && pods.size() == replicas) {
            currentRevision = updateRevision;
        }
        String current = currentRevision;
        long atCurrent = pods.values().stream()
                .filter(p -> current.equals(Json.text(p, "metadata", "labels", REVISION_LABEL))).count();
        ObjectNode next = sts.deepCopy();
        ObjectNode status = next.withObject("status");
        status.put("observedGeneration", Json.number(sts, 1, "metadata", "generation"));
        status.put("replicas", pods.size());
        Workloads.count(status, "readyReplicas", ready);
        Workloads.count(status, "availableReplicas", ready);
        Workloads.count(status, "currentReplicas", atCurrent);
        Workloads.count(status, "updatedReplicas", updated);
        status.put("currentRevision", currentRevision).put("updateRevision", updateRevision).put("collisionCount", 0);
        if (!next.equals(sts)) {
            store.replace(next);
        }
    }

    private static ObjectNode newPod(ObjectNode sts, JsonNode template, int ordinal, String revision) {
        String name = ObjectStore.nameOf(sts) + "-" + ordinal;
        ObjectNode pod = Workloads.newPod(sts, template, name, null, Map.of(REVISION_LABEL, revision,
                "statefulset.kubernetes.io/pod-name", name, "apps.kubernetes.io/pod-index", Integer.toString(ordinal)));
        ObjectNode spec = pod.withObject("spec");
        spec.put("hostname", name);
        if (Json.text(sts, "spec", "serviceName") != null) {
            spec.put("subdomain", Json.text(sts, "spec", "serviceName"));
        }
        for (JsonNode claim : sts.path("spec").path("volumeClaimTemplates")) {
            String claimName = Json.text(claim, "metadata", "name");
            spec.withArray("volumes").addObject().put("name", claimName).putObject("persistentVolumeClaim")
                    .put("claimName", claimName + "-" + ObjectStore.nameOf(sts) + "-" + ordinal);
        }
        return pod;
    }

    /** The ordinal in {@code <sts>-<n>}, or -1 when the name is not one. */
    private static int ordinal(String sts, String pod) {
        if (!pod.startsWith(sts + "-")) {
            return -1;
        }
        try {
            return Integer.parseInt(pod.substring(sts.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
