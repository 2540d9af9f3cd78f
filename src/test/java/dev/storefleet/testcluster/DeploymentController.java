package dev.storefleet.testcluster;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Deployment controller: a ReplicaSet for the current pod template, named
 * {@code <deployment>-<template hash>}. With {@code RollingUpdate} the new ReplicaSet gets every
 * replica at once and the old ones go to zero when it is fully available (a surge of 100%); with
 * {@code Recreate} the old pods go first. The status adds up the ReplicaSets' pod counts.
 */
final class DeploymentController {

    private static final String HASH_LABEL = "pod-template-hash";

    private final ObjectStore store;

    DeploymentController(ObjectStore store) {
        this.store = store;
    }

    void reconcile(ObjectNode dep) {
        long replicas = Json.number(dep, 1, "spec", "replicas");
        JsonNode template = dep.path("spec").path("template");
        boolean recreate = "Recreate".equals(Json.text(dep, "spec", "strategy", "type"));
        ObjectNode current = null;
        List<ObjectNode> old = new ArrayList<>();
        for (ObjectNode rs : Workloads.controlled(store, dep, "ReplicaSet")) {
            if (current == null && Workloads.sameTemplate(template, rs.path("spec").path("template"))) {
                current = rs;
            } else {
                old.add(rs);
            }
        }
        boolean oldPodsGone = true;
        if (recreate) {
            for (ObjectNode rs : old) {
                scale(rs, 0);
                oldPodsGone &= Workloads.controlled(store, rs, "Pod").isEmpty();
            }
        }
        long want = recreate && !oldPodsGone ? 0 : replicas;
        if (current == null) {
            ObjectStore.Response created = store.tryCreate(newReplicaSet(dep, template, want));
            if (!created.ok()) {
                return; // the namespace is going away
            }
            current = Json.parse(created.body());
        } else {
            current = scale(current, want);
        }
        if (!recreate && fullyAvailable(current, replicas)) {
            old.forEach(rs -> scale(rs, 0));
        }
        status(dep, replicas, current);
    }

    private void status(ObjectNode dep, long replicas, ObjectNode current) {
        ObjectNode next = dep.deepCopy();
        ObjectNode status = next.withObject("status");
        long total = 0;
        long ready = 0;
        long available = 0;
        for (ObjectNode rs : Workloads.controlled(store, dep, "ReplicaSet")) {
            total += Json.number(rs, 0, "status", "replicas");
            ready += Json.number(rs, 0, "status", "readyReplicas");
            available += Json.number(rs, 0, "status", "availableReplicas");
        }
        ObjectNode fresh = store.get(Resources.require("apps/v1", "ReplicaSet"), ObjectStore.namespaceOf(current),
                ObjectStore.nameOf(current));
        if (fresh != null) {
            current = fresh;
        }
        long updated = Json.number(current, 0, "status", "replicas");
        status.put("observedGeneration", Json.number(dep, 1, "metadata", "generation"));
        Workloads.count(status, "replicas", total);
        Workloads.count(status, "updatedReplicas", updated);
        Workloads.count(status, "readyReplicas", ready);
        Workloads.count(status, "availableReplicas", available);
        Workloads.count(status, "unavailableReplicas", Math.max(0, replicas - available));
        long maxUnavailable = "Recreate".equals(Json.text(dep, "spec", "strategy", "type")) ? 0
                : Workloads.intOrPercent(dep.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable"),
                replicas, "25%");
        boolean minimum = available >= replicas - maxUnavailable;
        Workloads.setCondition(status, "Available", minimum,
                minimum ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                minimum ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", true);
        String rsName = ObjectStore.nameOf(current);
        boolean done = updated == replicas && total == replicas && Json.number(current, 0, "status", "availableReplicas") >= replicas;
        Workloads.setCondition(status, "Progressing", true, done ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                "ReplicaSet \"" + rsName + "\" " + (done ? "has successfully progressed." : "is progressing."), true);
        JsonNode failure = null;
        for (JsonNode c : current.path("status").path("conditions")) {
            if ("ReplicaFailure".equals(Json.text(c, "type"))) {
                failure = c;
            }
        }
        if (failure != null) {
            Workloads.setCondition(status, "ReplicaFailure", true, Json.text(failure, "reason"), Json.text(failure, "message"), true);
        } else {
            Workloads.removeCondition(status, "ReplicaFailure");
        }
        if (!next.equals(dep)) {
            store.replace(next);
        }
    }

    private static boolean fullyAvailable(JsonNode rs, long replicas) {
        return Json.number(rs, 0, "status", "observedGeneration") == Json.number(rs, 1, "metadata", "generation")
                && Json.number(rs, 0, "status", "availableReplicas") >= replicas;
    }

    private ObjectNode scale(ObjectNode rs, long replicas) {
        if (Json.number(rs, -1, "spec", "replicas") == replicas) {
            return rs;
        }
        ObjectNode next = rs.deepCopy();
        next.withObject("spec").put("replicas", replicas);
        ObjectNode stored = store.replace(next);
        return stored == null ? rs : stored;
    }

    private static ObjectNode newReplicaSet(ObjectNode dep, JsonNode template, long replicas) {
        String hash = Workloads.templateHash(template);
        ObjectNode podTemplate = (ObjectNode) template.deepCopy();
        podTemplate.withObject("metadata").withObject("labels").put(HASH_LABEL, hash);
        ObjectNode rs = Json.object().put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
        ObjectNode meta = rs.putObject("metadata").put("name", ObjectStore.nameOf(dep) + "-" + hash)
                .put("namespace", ObjectStore.namespaceOf(dep));
        meta.set("labels", podTemplate.path("metadata").path("labels").deepCopy());
        meta.putObject("annotations").put("deployment.kubernetes.io/revision",
                Long.toString(Json.number(dep, 1, "metadata", "generation")));
        meta.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "Deployment")
                .put("name", ObjectStore.nameOf(dep)).put("uid", Json.text(dep, "metadata", "uid"))
                .put("controller", true).put("blockOwnerDeletion", true);
        ObjectNode spec = rs.putObject("spec").put("replicas", replicas);
        ObjectNode selector = (ObjectNode) dep.path("spec").path("selector").deepCopy();
        selector.withObject("matchLabels").put(HASH_LABEL, hash);
        spec.set("selector", selector);
        spec.set("template", podTemplate);
        return rs;
    }
}
