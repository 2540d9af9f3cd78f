package dev.storefleet.testcluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What the simulated controllers share: pods from templates, ownership, pod readiness, conditions. */
final class Workloads {

    /** The alphabet of Kubernetes' generated name suffixes (no vowels, no look-alikes). */
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private Workloads() {
    }

    /** Five random characters, as {@code generateName} adds. */
    static String randomSuffix() {
        StringBuilder b = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            b.append(SUFFIX_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(SUFFIX_ALPHABET.length())));
        }
        return b.toString();
    }

    /**
     * A pod as a controller creates it: the template's labels (plus {@code extraLabels}) and
     * annotations, a controller ownerReference to {@code owner}, the template's spec with the
     * API server's defaults.
     */
    static ObjectNode newPod(JsonNode owner, JsonNode template, String name, String generateName,
                             Map<String, String> extraLabels) {
        ObjectNode pod = Json.object().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata").put("name", name).put("namespace", ObjectStore.namespaceOf(owner));
        if (generateName != null) {
            meta.put("generateName", generateName);
        }
        ObjectNode labels = template.path("metadata").path("labels").isObject()
                ? (ObjectNode) template.path("metadata").path("labels").deepCopy() : Json.object();
        extraLabels.forEach(labels::put);
        meta.set("labels", labels);
        if (template.path("metadata").path("annotations").isObject()) {
            meta.set("annotations", template.path("metadata").path("annotations").deepCopy());
        }
        meta.putArray("ownerReferences").addObject().put("apiVersion", Json.text(owner, "apiVersion"))
                .put("kind", Json.text(owner, "kind")).put("name", ObjectStore.nameOf(owner))
                .put("uid", Json.text(owner, "metadata", "uid")).put("controller", true).put("blockOwnerDeletion", true);
        ObjectNode spec = template.path("spec").isObject() ? (ObjectNode) template.path("spec").deepCopy() : Json.object();
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        if (!spec.has("terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", 30);
        }
        if (!spec.has("serviceAccountName")) {
            spec.put("serviceAccountName", spec.has("serviceAccount") ? Json.text(spec, "serviceAccount") : "default");
        }
        pod.set("spec", spec);
        return pod;
    }

    private static void putIfAbsent(ObjectNode o, String field, String value) {
        if (!o.has(field)) {
            o.put(field, value);
        }
    }

    /** The objects of {@code kind} among those that {@code owner} controls. */
    static List<ObjectNode> controlled(ObjectStore store, JsonNode owner, String kind) {
        String uid = Json.text(owner, "metadata", "uid");
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : store.ownedBy(uid)) {
            if (kind.equals(Json.text(o, "kind")) && isControlledBy(o, uid)) {
                out.add(o);
            }
        }
        return out;
    }

    static boolean isControlledBy(JsonNode o, String uid) {
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
            if (Objects.equals(uid, Json.text(ref, "uid")) && ref.path("controller").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** The ownerReference with {@code controller: true}, or null. */
    static JsonNode controllerRef(JsonNode o) {
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return ref;
            }
        }
        return null;
    }

    static boolean podReady(JsonNode pod) {
        return conditionIs(pod, "Ready", "True");
    }

    static String podPhase(JsonNode pod) {
        String phase = Json.text(pod, "status", "phase");
        return phase == null ? "Pending" : phase;
    }

    static boolean conditionIs(JsonNode o, String type, String status) {
        for (JsonNode c : o.path("status").path("conditions")) {
            if (type.equals(Json.text(c, "type"))) {
                return status.equals(Json.text(c, "status"));
            }
        }
        return false;
    }

    /**
     * Sets a condition in {@code status.conditions}, keeping {@code lastTransitionTime} while its
     * status stays (and {@code lastUpdateTime}, when used, while nothing about it changes), so that
     * recomputing a steady status writes nothing.
     */
    static void setCondition(ObjectNode status, String type, boolean value, String reason, String message,
                             boolean withUpdateTime) {
        ArrayNode conditions = status.withArray("conditions");
        String s = value ? "True" : "False";
        String now = PodStatusJson.now().toString();
        for (JsonNode c : conditions) {
            if (type.equals(Json.text(c, "type"))) {
                ObjectNode o = (ObjectNode) c;
                boolean same = s.equals(Json.text(o, "status")) && Objects.equals(reason, Json.text(o, "reason"))
                        && Objects.equals(message, Json.text(o, "message"));
                if (!s.equals(Json.text(o, "status"))) {
                    o.put("lastTransitionTime", now);
                }
                if (!same && withUpdateTime) {
                    o.put("lastUpdateTime", now);
                }
                o.put("status", s);
                putOrRemove(o, "reason", reason);
                putOrRemove(o, "message", message);
                return;
            }
        }
        ObjectNode o = conditions.addObject().put("type", type).put("status", s);
        if (withUpdateTime) {
            o.put("lastUpdateTime", now);
        }
        o.put("lastTransitionTime", now);
        putOrRemove(o, "reason", reason);
        putOrRemove(o, "message", message);
    }

    static void removeCondition(ObjectNode status, String type) {
        ArrayNode conditions = status.withArray("conditions");
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if (type.equals(Json.text(conditions.get(i), "type"))) {
                conditions.remove(i);
            }
        }
        if (conditions.isEmpty()) {
            status.remove("conditions");
        }
    }

    /** Puts a count, or leaves it out when zero, as the API's {@code omitempty} does. */
    static void count(ObjectNode status, String field, long value) {
        if (value == 0) {
            status.remove(field);
        } else {
            status.put(field, value);
        }
    }

    private static void putOrRemove(ObjectNode o, String field, String value) {
        if (value == null) {
            o.remove(field);
        } else {
            o.put(field, value);
        }
    }

    /** Pod templates equal once the {@code pod-template-hash} label is ignored, as Helm and the controller compare them. */
    static boolean sameTemplate(JsonNode a, JsonNode b) {
        return withoutLabel(a, "pod-template-hash").equals(withoutLabel(b, "pod-template-hash"));
    }

    static String templateHash(JsonNode template) {
        return Integer.toHexString(withoutLabel(template, "pod-template-hash").toString().hashCode());
    }

    private static JsonNode withoutLabel(JsonNode template, String label) {
        ObjectNode copy = template.isObject() ? (ObjectNode) template.deepCopy() : Json.object();
        ObjectNode meta = copy.withObject("metadata");
        meta.withObject("labels").remove(label);
        if (meta.path("labels").isEmpty()) {
            meta.remove("labels");
        }
        if (meta.isEmpty()) {
            copy.remove("metadata");
        }
        return copy;
    }

    /** An int-or-percent field ({@code maxUnavailable: 25%}) of {@code total}, rounded down. */
    static long intOrPercent(JsonNode value, long total, String otherwise) {
        String v = value.isMissingNode() || value.isNull() ? otherwise : value.asString();
        if (v.endsWith("%")) {
            return total * Long.parseLong(v.substring(0, v.length() - 1)) / 100;
        }
        return Long.parseLong(v);
    }
}
