package dev.storefleet.testcluster;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.storefleet.testcluster.ObjectStore.Event;
import dev.storefleet.testcluster.ObjectStore.EventType;
import dev.storefleet.testcluster.Resources.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays the controllers that Helm's {@code --wait} waits for, {@link #readyAfter} after each change:
 * <ul>
 *   <li>Deployment: a ReplicaSet owned by it for the current pod template (older ones scaled to 0),
 *       ready, and both with {@code observedGeneration == generation};</li>
 *   <li>StatefulSet: a PVC per volumeClaimTemplate and replica, then a ready status;</li>
 *   <li>Job: succeeded, with a {@code Complete} condition (Helm hooks);</li>
 *   <li>PersistentVolumeClaim: {@code Bound}; Service of type LoadBalancer: an ingress IP
 *       (cluster IPs are given at creation by {@link ObjectStore}).</li>
 * </ul>
 * No Pods are simulated. Workloads matched by {@link #neverReady} are left alone.
 */
final class SimulatedControllers implements Consumer<Event> {

    private static final String HASH_LABEL = "pod-template-hash";
    private static final Resource REPLICA_SETS = Resources.require("apps/v1", "ReplicaSet");
    private static final Resource PVCS = Resources.require("v1", "PersistentVolumeClaim");

    private record NeverReady(String kind, Pattern name) {
    }

    private final ObjectStore store;
    private final ScheduledExecutorService scheduler;
    private final List<NeverReady> neverReady = new CopyOnWriteArrayList<>();
    private volatile Duration readyAfter = Duration.ZERO;

    SimulatedControllers(ObjectStore store, ScheduledExecutorService scheduler) {
        this.store = store;
        this.scheduler = scheduler;
    }

    void readyAfter(Duration delay) {
        readyAfter = delay;
    }

    void neverReady(String kind, String nameRegex) {
        neverReady.add(new NeverReady(kind, Pattern.compile(nameRegex)));
    }

    void reset() {
        neverReady.clear();
        readyAfter = Duration.ZERO;
    }

    @Override
    public void accept(Event e) {
        if (e.type() == EventType.DELETED || !needsWork(e.resource(), e.object())) {
            return;
        }
        Resource r = e.resource();
        String ns = ObjectStore.namespaceOf(e.object());
        String name = ObjectStore.nameOf(e.object());
        scheduler.schedule(() -> reconcile(r, ns, name), readyAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean needsWork(Resource r, JsonNode o) {
        boolean stale = Json.number(o, 0, "status", "observedGeneration") != Json.number(o, 1, "metadata", "generation");
        return switch (r.kind()) {
            case "Deployment", "StatefulSet" -> stale;
            case "Job" -> !hasCondition(o, "Complete") && !hasCondition(o, "Failed");
            case "PersistentVolumeClaim" -> !"Bound".equals(Json.text(o, "status", "phase"));
            case "Service" -> "LoadBalancer".equals(Json.text(o, "spec", "type"))
                    && o.path("status").path("loadBalancer").path("ingress").isEmpty();
            default -> false;
        };
    }

    private void reconcile(Resource r, String ns, String name) {
        try {
            store.locked(() -> {
                ObjectNode o = store.get(r, ns, name);
                if (o != null && needsWork(r, o) && !isNeverReady(r, name)) {
                    switch (r.kind()) {
                        case "Deployment" -> deployment(o);
                        case "StatefulSet" -> statefulSet(o);
                        case "Job" -> job(o);
                        case "PersistentVolumeClaim" -> {
                            status(o).put("phase", "Bound").set("capacity",
                                    o.path("spec").path("resources").path("requests").deepCopy());
                            store.replace(o);
                        }
                        case "Service" -> {
                            status(o).withObject("loadBalancer").putArray("ingress").addObject().put("ip", "127.0.0.1");
                            store.replace(o);
                        }
                        default -> {
                        }
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            System.err.println("testcluster: reconciling " + r.kind() + " " + ns + "/" + name + " failed: " + e);
        }
    }

    private boolean isNeverReady(Resource r, String name) {
        return neverReady.stream().anyMatch(n -> n.kind().equalsIgnoreCase(r.kind()) && n.name().matcher(name).matches());
    }

    private void deployment(ObjectNode dep) {
        long replicas = Json.number(dep, 1, "spec", "replicas");
        ObjectNode template = (ObjectNode) dep.path("spec").path("template");
        String uid = Json.text(dep, "metadata", "uid");
        ObjectNode current = null;
        for (ObjectNode rs : store.list(REPLICA_SETS, ObjectStore.namespaceOf(dep))) {
            if (!ownedBy(rs, uid)) {
                continue;
            }
            if (current == null && sameTemplate(template, rs.path("spec").path("template"))) {
                current = rs;
            } else {
                scaleReplicaSet(rs, 0);
            }
        }
        if (current == null) {
            current = store.create(newReplicaSet(dep, template));
        }
        scaleReplicaSet(current, replicas);
        ObjectNode status = status(dep).put("observedGeneration", Json.number(dep, 1, "metadata", "generation"))
                .put("replicas", replicas).put("updatedReplicas", replicas).put("readyReplicas", replicas)
                .put("availableReplicas", replicas);
        ArrayNode conditions = status.putArray("conditions");
        condition(conditions, "Available", "MinimumReplicasAvailable");
        condition(conditions, "Progressing", "NewReplicaSetAvailable");
        store.replace(dep);
    }

    private ObjectNode newReplicaSet(ObjectNode dep, ObjectNode template) {
        String hash = Integer.toHexString(template.toString().hashCode());
        ObjectNode podTemplate = template.deepCopy();
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
        ObjectNode spec = rs.putObject("spec").put("replicas", 0);
        ObjectNode selector = (ObjectNode) dep.path("spec").path("selector").deepCopy();
        selector.withObject("matchLabels").put(HASH_LABEL, hash);
        spec.set("selector", selector);
        spec.set("template", podTemplate);
        return rs;
    }

    private void scaleReplicaSet(ObjectNode rs, long replicas) {
        if (Json.number(rs, -1, "spec", "replicas") != replicas) {
            rs.withObject("spec").put("replicas", replicas);
            rs = store.replace(rs);
        }
        status(rs).put("observedGeneration", Json.number(rs, 1, "metadata", "generation")).put("replicas", replicas)
                .put("fullyLabeledReplicas", replicas).put("readyReplicas", replicas).put("availableReplicas", replicas);
        store.replace(rs);
    }

    private void statefulSet(ObjectNode sts) {
        long replicas = Json.number(sts, 1, "spec", "replicas");
        String ns = ObjectStore.namespaceOf(sts);
        for (JsonNode claim : sts.path("spec").path("volumeClaimTemplates")) {
            for (int i = 0; i < replicas; i++) {
                String pvcName = Json.text(claim, "metadata", "name") + "-" + ObjectStore.nameOf(sts) + "-" + i;
                if (store.get(PVCS, ns, pvcName) == null) {
                    ObjectNode pvc = Json.object().put("apiVersion", "v1").put("kind", "PersistentVolumeClaim");
                    ObjectNode meta = pvc.putObject("metadata").put("name", pvcName).put("namespace", ns);
                    meta.set("labels", sts.path("spec").path("selector").path("matchLabels").deepCopy());
                    pvc.set("spec", claim.path("spec").deepCopy());
                    store.create(pvc);
                }
            }
        }
        long generation = Json.number(sts, 1, "metadata", "generation");
        String revision = ObjectStore.nameOf(sts) + "-" + generation;
        status(sts).put("observedGeneration", generation).put("replicas", replicas).put("readyReplicas", replicas)
                .put("currentReplicas", replicas).put("updatedReplicas", replicas).put("availableReplicas", replicas)
                .put("currentRevision", revision).put("updateRevision", revision);
        store.replace(sts);
    }

    private void job(ObjectNode job) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode status = status(job).put("startTime", now).put("completionTime", now)
                .put("succeeded", Json.number(job, 1, "spec", "completions")).put("active", 0).put("ready", 0);
        ArrayNode conditions = status.putArray("conditions");
        condition(conditions, "SuccessCriteriaMet", "CompletionsReached");
        condition(conditions, "Complete", "CompletionsReached");
        store.replace(job);
    }

    private static ObjectNode status(ObjectNode o) {
        return o.withObject("status");
    }

    private static void condition(ArrayNode conditions, String type, String reason) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        conditions.addObject().put("type", type).put("status", "True").put("reason", reason)
                .put("lastTransitionTime", now).put("lastUpdateTime", now);
    }

    private static boolean hasCondition(JsonNode o, String type) {
        for (JsonNode c : o.path("status").path("conditions")) {
            if (type.equals(Json.text(c, "type")) && "True".equals(Json.text(c, "status"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean ownedBy(JsonNode o, String uid) {
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
            if (Objects.equals(uid, Json.text(ref, "uid")) && ref.path("controller").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** Pod templates equal once the {@code pod-template-hash} label is ignored, as Helm compares them. */
    private static boolean sameTemplate(JsonNode a, JsonNode b) {
        return withoutHash(a).equals(withoutHash(b));
    }

    private static JsonNode withoutHash(JsonNode template) {
        ObjectNode copy = template.isObject() ? (ObjectNode) template.deepCopy() : Json.object();
        ObjectNode meta = copy.withObject("metadata");
        meta.withObject("labels").remove(HASH_LABEL);
        if (meta.path("labels").isEmpty()) {
            meta.remove("labels");
        }
        if (meta.isEmpty()) {
            copy.remove("metadata");
        }
        return copy;
    }
}
