package dev.storefleet.service;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.storefleet.domain.ManifestDiff;
import dev.storefleet.domain.ManifestDiff.Kind;
import dev.storefleet.domain.ManifestDiff.ObjectChange;
import dev.storefleet.domain.ValuesDiff;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Two rendered manifests of a release (Helm's multi-document YAML) compared object by object, as
 * Helm Dashboard shows a change: the objects are keyed by apiVersion, kind, namespace and name
 * (Helm's {@code # Source:} comments are YAML comments, not part of an object), each one that is
 * added, removed or changed comes with a unified diff of its YAML. The YAML of both sides is
 * written out again by one writer, so a difference of layout alone is no change.
 *
 * <p>A Secret's {@code data} and {@code stringData} values never leave this class: both sides show
 * {@link ValuesDiff#MASK}, and a value that differs between them shows {@link #CHANGED_SECRET} on the
 * new side, so the line changes in the diff while neither value (nor anything computed from it) shows.
 */
final class ManifestDiffer {
    /** A Secret value that differs from the deployed one. */
    static final String CHANGED_SECRET = ValuesDiff.MASK + " (changed)";
    private static final int CONTEXT_LINES = 3;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
            .build();

    /**
     * @param before      the deployed revision's manifest
     * @param beforeLabel how the diff names it ({@code revision 3})
     * @param after       what the change would apply
     * @param afterLabel  how the diff names that ({@code upgrade}, {@code revision 2})
     */
    ManifestDiff diff(String before, String beforeLabel, String after, String afterLabel) {
        Map<String, ObjectNode> was = objects(before);
        Map<String, ObjectNode> will = objects(after);
        Set<String> keys = new HashSet<>(was.keySet());
        keys.addAll(will.keySet());
        List<ObjectChange> changes = new ArrayList<>();
        for (String key : new TreeMap<>(keyOrder(keys, was, will)).values()) {
            ObjectNode a = was.get(key);
            ObjectNode b = will.get(key);
            if (a != null && b != null && a.equals(b)) {
                continue;
            }
            ObjectNode any = b != null ? b : a;
            if (isSecret(any)) {
                a = a == null ? null : a.deepCopy();
                b = b == null ? null : b.deepCopy();
                maskSecret(a, b);
            }
            Kind kind = a == null ? Kind.ADDED : b == null ? Kind.REMOVED : Kind.CHANGED;
            changes.add(new ObjectChange(any.path("kind").asString(""), any.path("metadata").path("name").asString(""),
                    kind, unifiedDiff(a, beforeLabel, b, afterLabel)));
        }
        return new ManifestDiff(changes);
    }

    /** Kind, then name, then the rest of the key: the order the preview lists the objects in. */
    private static Map<String, String> keyOrder(Set<String> keys, Map<String, ObjectNode> was, Map<String, ObjectNode> will) {
        Map<String, String> sorted = new TreeMap<>();
        for (String key : keys) {
            ObjectNode o = will.containsKey(key) ? will.get(key) : was.get(key);
            sorted.put(o.path("kind").asString("") + "\u0000" + o.path("metadata").path("name").asString("") + "\u0000"
                    + key, key);
        }
        return sorted;
    }

    /** The objects of a multi-document manifest by key; empty documents (a template that rendered nothing) skipped. */
    static Map<String, ObjectNode> objects(String manifest) {
        Map<String, ObjectNode> objects = new LinkedHashMap<>();
        if (manifest == null || manifest.isBlank()) {
            return objects;
        }
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifest)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document instanceof ObjectNode object && object.has("kind")) {
                    objects.put(keyOf(object), object);
                }
            }
        }
        return objects;
    }

    private static String keyOf(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        return object.path("apiVersion").asString("") + "/" + object.path("kind").asString("") + "/"
                + metadata.path("namespace").asString("") + "/" + metadata.path("name").asString("");
    }

    private static boolean isSecret(JsonNode object) {
        return "Secret".equals(object.path("kind").asString("")) && "v1".equals(object.path("apiVersion").asString(""));
    }

    /** Replaces every value of the Secrets' data and stringData, marking on the new side those that differ. */
    private static void maskSecret(ObjectNode before, ObjectNode after) {
        for (String field : List.of("data", "stringData")) {
            JsonNode was = before == null ? null : before.get(field);
            JsonNode will = after == null ? null : after.get(field);
            if (after != null && will instanceof ObjectNode values) {
                for (String key : List.copyOf(values.propertyNames())) {
                    JsonNode old = was == null ? null : was.get(key);
                    boolean same = old != null && Objects.equals(old, values.get(key));
                    values.put(key, same || old == null ? ValuesDiff.MASK : CHANGED_SECRET);
                }
            }
            if (before != null && was instanceof ObjectNode values) {
                for (String key : List.copyOf(values.propertyNames())) {
                    values.put(key, ValuesDiff.MASK);
                }
            }
        }
    }

    private static String unifiedDiff(JsonNode before, String beforeLabel, JsonNode after, String afterLabel) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        Patch<String> patch = DiffUtils.diff(a, b);
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(beforeLabel, afterLabel, a, patch, CONTEXT_LINES));
    }

    private static List<String> lines(JsonNode object) {
        if (object == null) {
            return List.of();
        }
        return YAML.writeValueAsString(object).lines().toList();
    }
}
