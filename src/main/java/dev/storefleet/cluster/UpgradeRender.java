package dev.storefleet.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Turns {@code helm template}'s rendering of an upgrade into what the upgrade would apply, in the
 * form of the manifest Helm stores for a revision.
 *
 * <ul>
 *   <li>Hooks (the setup Job and what it needs) are left out: Helm keeps them apart from the
 *       release's manifest, so the deployed side has none either.</li>
 *   <li>{@code helm template} runs without the cluster, so the charts' {@code lookup} of their own
 *       Secret finds nothing and a password the chart generated comes out new and random; the real
 *       upgrade keeps the one in the Secret (charts/README.md: generated once, re-used on every
 *       upgrade). The chart is therefore rendered twice: a Secret value that differs between the two
 *       renders is random, and is replaced by the live Secret's value under that key, as the
 *       upgrade's lookup would find it (a key the live Secret lacks keeps the new value: the upgrade
 *       adds it). A value given in the user values renders the same twice and is kept as given.</li>
 * </ul>
 */
final class UpgradeRender {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private UpgradeRender() {
    }

    /**
     * @param first       one {@code helm template} rendering
     * @param second      another one of the same chart and values
     * @param liveSecrets the data of a live Secret of the release's namespace by name (empty when none)
     */
    static String asApplied(String first, String second, Function<String, Map<String, String>> liveSecrets) {
        List<ObjectNode> objects = objects(first);
        List<ObjectNode> again = objects(second);
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < objects.size(); i++) {
            ObjectNode object = objects.get(i);
            if (isHook(object)) {
                continue;
            }
            if (isSecret(object) && i < again.size() && sameObject(object, again.get(i))) {
                keepGenerated(object, again.get(i), liveSecrets);
            }
            manifest.append("---\n").append(YAML.writeValueAsString(object).replaceFirst("^---\\s*\\n", ""));
        }
        return manifest.toString();
    }

    private static void keepGenerated(ObjectNode secret, ObjectNode again, Function<String, Map<String, String>> liveSecrets) {
        JsonNode data = secret.get("data");
        JsonNode otherData = again.get("data");
        if (!(data instanceof ObjectNode values) || otherData == null) {
            return;
        }
        Map<String, String> live = null;
        for (String key : List.copyOf(values.propertyNames())) {
            if (!Objects.equals(values.get(key), otherData.get(key))) {
                if (live == null) {
                    live = liveSecrets.apply(secret.path("metadata").path("name").asString(""));
                }
                String kept = live == null ? null : live.get(key);
                if (kept != null) {
                    values.put(key, kept);
                }
            }
        }
    }

    private static List<ObjectNode> objects(String manifest) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifest)) {
            while (documents.hasNext()) {
                if (documents.next() instanceof ObjectNode object && object.has("kind")) {
                    objects.add(object);
                }
            }
        }
        return objects;
    }

    private static boolean isHook(JsonNode object) {
        return object.path("metadata").path("annotations").has("helm.sh/hook");
    }

    private static boolean isSecret(JsonNode object) {
        return "Secret".equals(object.path("kind").asString("")) && "v1".equals(object.path("apiVersion").asString(""));
    }

    private static boolean sameObject(JsonNode a, JsonNode b) {
        return a.path("kind").equals(b.path("kind")) && a.path("metadata").path("name").equals(b.path("metadata").path("name"));
    }
}
