package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Store;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One revision of a Helm release as Helm 3 stores it: a Secret {@code sh.helm.release.v1.<name>.v<n>}
 * whose {@code release} field is base64 (Helm's) of gzip of JSON, holding the chart (metadata,
 * templates, values, schema, files) and the user-supplied values ("config").
 */
final class HelmReleaseRecord {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode release;

    private HelmReleaseRecord(JsonNode release) {
        this.release = release;
    }

    static String secretName(String release, int revision) {
        return "sh.helm.release.v1." + release + ".v" + revision;
    }

    static int versionOf(Secret secret) {
        String version = secret.getMetadata().getLabels() == null ? null : secret.getMetadata().getLabels().get("version");
        return version == null ? 0 : Integer.parseInt(version);
    }

    /** The Secret of the release's newest revision, whatever its status; empty when there is none. */
    static Optional<Secret> newestSecret(KubernetesClient client, Store store) {
        return client.secrets().inNamespace(store.namespace())
                .withLabel("owner", "helm").withLabel("name", store.releaseName()).list().getItems().stream()
                .max(java.util.Comparator.comparingInt(HelmReleaseRecord::versionOf));
    }

    static HelmReleaseRecord decode(Secret secret) {
        String field = secret.getData() == null ? null : secret.getData().get("release");
        if (field == null) {
            throw new ClusterException("release record " + secret.getMetadata().getName() + " has no release data");
        }
        byte[] helmEncoded = Base64.getDecoder().decode(field);          // the Secret's own base64
        byte[] gzipped = Base64.getDecoder().decode(helmEncoded);        // Helm's base64
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new HelmReleaseRecord(JSON.readTree(in.readAllBytes()));
        } catch (IOException e) {
            throw new ClusterException("release record " + secret.getMetadata().getName() + " is not readable: "
                    + e.getMessage(), e);
        }
    }

    /** The values the user gave at that revision (what {@code helm get values} shows). */
    String configJson() {
        JsonNode config = release.path("config");
        return config.isMissingNode() || config.isNull() ? "{}" : JSON.writeValueAsString(config);
    }

    /** The user values as maps, lists and scalars; empty when none were given. */
    @SuppressWarnings("unchecked")
    Map<String, Object> config() {
        JsonNode config = release.path("config");
        return config.isObject() ? JSON.convertValue(config, Map.class) : Map.of();
    }

    /**
     * The dotted path of the values map that sets {@code image} as {@code repository:tag}
     * ("medusa.image"), looked up in the user's values first, then the chart's defaults.
     */
    Optional<String> imageValuePath(String image) {
        return imagePath(release.path("config"), image, "").or(() -> imagePath(release.path("chart").path("values"), image, ""));
    }

    private static Optional<String> imagePath(JsonNode node, String image, String path) {
        if (!node.isObject()) {
            return Optional.empty();
        }
        JsonNode repository = node.path("repository");
        JsonNode tag = node.path("tag");
        if (repository.isString() && !tag.isMissingNode() && !path.isEmpty()) {
            String reference = repository.asString() + ":" + tag.asString();
            if (image.equals(reference) || image.endsWith("/" + reference) || reference.endsWith("/" + image)) {
                return Optional.of(path);
            }
        }
        for (var field : node.properties()) {
            Optional<String> found = imagePath(field.getValue(), image, path.isEmpty() ? field.getKey()
                    : path + "." + field.getKey());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The objects Helm applied at that revision, as the multi-document YAML it rendered (hooks apart). */
    String manifest() {
        return release.path("manifest").asString("");
    }

    /** The revision's chart as Helm lists it ({@code name-version}). */
    String chart() {
        JsonNode metadata = release.path("chart").path("metadata");
        return metadata.path("name").asString("?") + "-" + metadata.path("version").asString("?");
    }

    /** Writes the revision's chart as a chart directory Helm can install. */
    void writeChart(Path dir) throws IOException {
        JsonNode chart = release.path("chart");
        if (chart.isMissingNode()) {
            throw new ClusterException("the release record holds no chart");
        }
        Files.writeString(dir.resolve("Chart.yaml"), JSON.writeValueAsString(chart.path("metadata")));
        JsonNode values = chart.path("values");
        Files.writeString(dir.resolve("values.yaml"), values.isMissingNode() || values.isNull()
                ? "{}" : JSON.writeValueAsString(values));
        JsonNode schema = chart.path("schema");
        if (schema.isString() && !schema.asString().isEmpty()) {
            Files.write(dir.resolve("values.schema.json"), Base64.getDecoder().decode(schema.asString()));
        }
        writeFiles(dir, chart.path("templates"));
        writeFiles(dir, chart.path("files"));
    }

    private static void writeFiles(Path dir, JsonNode files) throws IOException {
        if (!files.isArray()) {
            return;
        }
        for (JsonNode file : files) {
            Path target = dir.resolve(file.path("name").asString()).normalize();
            if (!target.startsWith(dir)) {
                throw new ClusterException("the release record names a file outside the chart: " + target);
            }
            Files.createDirectories(target.getParent());
            Files.write(target, Base64.getDecoder().decode(file.path("data").asString("")));
        }
    }
}
