package dev.storefleet.testcluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import dev.storefleet.testcluster.Resources.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A mirror of the CRUD store's contents, kept from its change events, for what the mock's own
 * lookups do by scanning every object: get by name, list a kind in a namespace (sorted by
 * namespace and name, as etcd's keys are), find what an owner uid owns. With thousands of pods
 * a scan per get made every controller step cost the whole store. Callers hold the store's lock.
 */
final class ObjectIndex {

    private final NavigableMap<String, String> byKey = new TreeMap<>();
    private final Map<String, Set<String>> byOwnerUid = new HashMap<>();

    /** Records a change: {@code oldState} null for a create, {@code newState} null for a delete. */
    void changed(Resource r, ObjectNode oldObject, ObjectNode newObject, String newState) {
        if (oldObject != null) {
            owners(oldObject).forEach(uid -> {
                Set<String> keys = byOwnerUid.get(uid);
                if (keys != null) {
                    keys.remove(key(r, oldObject));
                    if (keys.isEmpty()) {
                        byOwnerUid.remove(uid);
                    }
                }
            });
            byKey.remove(key(r, oldObject));
        }
        if (newObject != null) {
            String key = key(r, newObject);
            byKey.put(key, newState);
            owners(newObject).forEach(uid -> byOwnerUid.computeIfAbsent(uid, u -> new LinkedHashSet<>()).add(key));
        }
    }

    String get(Resource r, String namespace, String name) {
        return byKey.get(prefix(r, namespace) + name);
    }

    /** Objects of a kind in a namespace, or in every namespace when it is null; sorted by namespace, name. */
    List<String> list(Resource r, String namespace) {
        String from = r.namespaced() && namespace != null ? prefix(r, namespace) : kindPrefix(r);
        return new ArrayList<>(byKey.subMap(from, true, from + Character.MAX_VALUE, false).values());
    }

    /** Objects whose ownerReferences name {@code uid}, in the order they were first seen. */
    List<String> ownedBy(String uid) {
        Set<String> keys = byOwnerUid.get(uid);
        if (keys == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            String json = byKey.get(k);
            if (json != null) {
                out.add(json);
            }
        }
        return out;
    }

    int size() {
        return byKey.size();
    }

    private static List<String> owners(JsonNode o) {
        List<String> uids = new ArrayList<>(1);
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
            String uid = Json.text(ref, "uid");
            if (uid != null) {
                uids.add(uid);
            }
        }
        return uids;
    }

    private static String key(Resource r, JsonNode o) {
        return prefix(r, ObjectStore.namespaceOf(o)) + ObjectStore.nameOf(o);
    }

    private static String kindPrefix(Resource r) {
        return r.groupVersion() + "/" + r.kind() + "\u0000";
    }

    private static String prefix(Resource r, String namespace) {
        return kindPrefix(r) + (r.namespaced() && namespace != null ? namespace : "") + "\u0000";
    }
}
