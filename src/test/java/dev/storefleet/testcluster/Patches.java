package dev.storefleet.testcluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON merge patch (RFC 7386) and the subset of Kubernetes strategic merge patch that Helm's
 * three-way patches use. The mock's own merge appends to lists (Helm upgrades then duplicate
 * containers), so the fixture computes the result here and stores it with a PUT.
 *
 * <p>Strategic merge: lists of objects whose field has a known merge key (containers by name,
 * ports by containerPort/port, ...) are merged element by element, honouring {@code $patch: delete},
 * {@code $setElementOrder/<field>}, {@code $deleteFromPrimitiveList/<field>} and {@code $retainKeys};
 * other lists are replaced, as for built-in types without a patch strategy.
 */
final class Patches {

    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"), Map.entry("env", "name"), Map.entry("volumes", "name"),
            Map.entry("volumeMounts", "mountPath"), Map.entry("volumeDevices", "devicePath"),
            Map.entry("imagePullSecrets", "name"), Map.entry("hostAliases", "ip"),
            Map.entry("conditions", "type"), Map.entry("ownerReferences", "uid"),
            Map.entry("topologySpreadConstraints", "topologyKey"), Map.entry("resourceClaims", "name"));

    private Patches() {
    }

    static ObjectNode mergePatch(ObjectNode target, JsonNode patch) {
        JsonNode result = merge(target, patch, false);
        return (ObjectNode) result;
    }

    static ObjectNode strategicMergePatch(ObjectNode target, JsonNode patch) {
        return (ObjectNode) merge(target, patch, true);
    }

    private static JsonNode merge(JsonNode target, JsonNode patch, boolean strategic) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy() : Json.object();
        List<String> retainKeys = null;
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (strategic && key.startsWith("$")) {
                if (key.equals("$retainKeys") && value.isArray()) {
                    retainKeys = new ArrayList<>();
                    for (JsonNode k : value) {
                        retainKeys.add(k.asString());
                    }
                }
                continue; // $patch, $setElementOrder/..., $deleteFromPrimitiveList/... handled below
            }
            if (value.isNull()) {
                result.remove(key);
            } else if (strategic && value.isArray() && mergeKey(key, value, result.get(key)) != null) {
                result.set(key, mergeList((ArrayNode) result.get(key), (ArrayNode) value,
                        mergeKey(key, value, result.get(key)), patch.get("$setElementOrder/" + key)));
            } else {
                result.set(key, merge(result.get(key), value, strategic));
            }
        }
        if (strategic) {
            for (Map.Entry<String, JsonNode> e : patch.properties()) {
                String prefix = "$deleteFromPrimitiveList/";
                if (e.getKey().startsWith(prefix) && result.get(e.getKey().substring(prefix.length())) instanceof ArrayNode list) {
                    for (int i = list.size() - 1; i >= 0; i--) {
                        for (JsonNode del : e.getValue()) {
                            if (del.equals(list.get(i))) {
                                list.remove(i);
                                break;
                            }
                        }
                    }
                }
            }
            if (retainKeys != null) {
                result.retain(retainKeys);
            }
        }
        return result;
    }

    /** The merge key for a list field, or null when the list is to be replaced. */
    private static String mergeKey(String field, JsonNode patchList, JsonNode current) {
        String key = field.equals("ports") ? portsKey(patchList, current) : MERGE_KEYS.get(field);
        if (key == null) {
            return null;
        }
        for (JsonNode item : patchList) {
            if (!item.isObject() || (!item.has(key) && !"delete".equals(Json.text(item, "$patch")))) {
                return null;
            }
        }
        return key;
    }

    private static String portsKey(JsonNode patchList, JsonNode current) {
        for (JsonNode list : new JsonNode[] {patchList, current}) {
            if (list != null && list.isArray()) {
                for (JsonNode p : list) {
                    if (p.has("containerPort")) {
                        return "containerPort";
                    }
                    if (p.has("port")) {
                        return "port";
                    }
                }
            }
        }
        return null;
    }

    private static ArrayNode mergeList(ArrayNode current, ArrayNode patch, String key, JsonNode order) {
        List<JsonNode> items = new ArrayList<>();
        if (current != null) {
            current.forEach(items::add);
        }
        for (JsonNode p : patch) {
            int at = indexOf(items, key, p.get(key));
            if ("delete".equals(Json.text(p, "$patch"))) {
                if (at >= 0) {
                    items.remove(at);
                }
            } else if (at >= 0) {
                items.set(at, merge(items.get(at), p, true));
            } else {
                items.add(merge(null, p, true));
            }
        }
        if (order != null && order.isArray()) {
            List<JsonNode> ordered = new ArrayList<>();
            for (JsonNode k : order) {
                int at = indexOf(items, key, k.get(key));
                if (at >= 0) {
                    ordered.add(items.remove(at));
                }
            }
            ordered.addAll(items);
            items = ordered;
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        items.forEach(out::add);
        return out;
    }

    private static int indexOf(List<JsonNode> items, String key, JsonNode value) {
        for (int i = 0; i < items.size(); i++) {
            JsonNode v = items.get(i).get(key);
            if (v != null && value != null && v.asString().equals(value.asString())) {
                return i;
            }
        }
        return -1;
    }
}
