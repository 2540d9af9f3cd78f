package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Medusa store installed by the console's own engine (real Helm, real chart, real fabric8) on
 * the test Kubernetes API: what the chart's files cost in Helm's release record, and whether the
 * release fits the namespace the console gives it, in both install modes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MedusaReleaseOnClusterTest {
    /** Kubernetes refuses a Secret or ConfigMap whose data passes 1 MiB. */
    private static final int KUBERNETES_OBJECT_LIMIT = 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void theReleaseRecordAndTheLockfileConfigMapStayWellUnderKubernetesOneMebibyte() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Store store = ready(fx, fx.stores().create(new NewStoreRequest("Size Shop", "carol", "carol@example.com",
                    "medusa"), "carol"));
            KubernetesClient client = fx.api.client();
            String ns = store.namespace();

            Secret record = client.secrets().inNamespace(ns).withName(HelmReleaseRecord.secretName(store.releaseName(), 1)).get();
            byte[] stored = Base64.getDecoder().decode(record.getData().get("release")); // bytes the API server keeps
            JsonNode release;
            try (var in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(stored)))) {
                release = JSON.readTree(in.readAllBytes());
            }
            List<String> files = new ArrayList<>();
            long filesBytes = 0;
            for (JsonNode f : release.path("chart").path("files")) {
                files.add(f.path("name").asString());
                filesBytes += Base64.getDecoder().decode(f.path("data").asString()).length;
            }
            assertTrue(files.contains("files/store/package-lock.json"), files.toString());
            assertTrue(files.stream().noneMatch(f -> f.startsWith("image/")), ".helmignore keeps image/ out: " + files);
            int manifest = release.path("manifest").asString().getBytes(StandardCharsets.UTF_8).length;

            ConfigMap storeFiles = client.configMaps().inNamespace(ns).withName(store.releaseName() + "-medusa-store").get();
            assertNotNull(storeFiles, "the ConfigMap of the store's files");
            long configMapBytes = storeFiles.getData().entrySet().stream()
                    .mapToLong(e -> utf8(e.getKey()) + utf8(e.getValue())).sum();
            long lockfile = utf8(storeFiles.getData().get("package-lock.json"));

            System.out.printf("Medusa release record sh.helm.release.v1.%s.v1: %,d bytes stored (%.0f KiB; limit 1 MiB);"
                    + " inside: chart files %,d bytes (%s), manifest %,d bytes, JSON %,d bytes gzipped to %,d%n",
                    store.releaseName(), stored.length, stored.length / 1024.0, filesBytes, files, manifest,
                    JSON.writeValueAsBytes(release).length, gzip(JSON.writeValueAsBytes(release)));
            System.out.printf("Medusa store ConfigMap %s-medusa-store: %,d bytes (%.0f KiB; lockfile %,d bytes)%n",
                    store.releaseName(), configMapBytes, configMapBytes / 1024.0, lockfile);
            assertTrue(stored.length < KUBERNETES_OBJECT_LIMIT / 2, "release record of " + stored.length + " bytes");
            assertTrue(configMapBytes < KUBERNETES_OBJECT_LIMIT, "store ConfigMap of " + configMapBytes + " bytes");
        }
    }

    @Test
    void bothInstallModesFitTheNamespaceQuotaAndLimitRangeEvenWhileTheyRoll() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Store store = ready(fx, fx.stores().create(new NewStoreRequest("Quota Shop", "dave", "dave@example.com",
                    "medusa"), "dave"));
            Map<String, BigDecimal> npm = worstCase(fx.api.client(), store.namespace());
            assertFits(fx.api.client(), store.namespace(), npm, "npm mode");

            fx.stores().upgrade(store.id(), Map.of("medusa", Map.of("install", Map.of("mode", "image"),
                    "image", Map.of("repository", "registry.example.com/storefleet/medusa-store", "tag", "2.21.2-1"))), "ops");
            ready(fx, store);
            Deployment server = fx.api.client().apps().deployments().inNamespace(store.namespace())
                    .withName(store.releaseName() + "-medusa-server").get();
            assertEquals("registry.example.com/storefleet/medusa-store:2.21.2-1",
                    server.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(), "upgraded to image mode");
            Map<String, BigDecimal> image = worstCase(fx.api.client(), store.namespace());
            assertFits(fx.api.client(), store.namespace(), image, "image mode");
            System.out.printf("Medusa release at its peak (server pods while rolling, database, Redis, setup Job):"
                    + " npm mode %s, image mode %s (quota: requests 2 CPU / 4 GiB, limits 4 CPU / 8 GiB)%n",
                    readable(npm), readable(image));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Store ready(EngineFixture fx, Store store) throws InterruptedException {
        fx.settle();
        Store now = fx.stores().get(store.id());
        assertEquals(StoreStatus.READY, now.status(), now.lastError());
        return now;
    }

    /**
     * What the release asks of the quota at its peak: every workload's pod as the quota counts it
     * (the larger of its biggest init container and the sum of its containers), a Deployment that
     * rolls with a surge counted twice, and the setup Job running beside them.
     */
    private static Map<String, BigDecimal> worstCase(KubernetesClient client, String ns) {
        Map<String, BigDecimal> total = new LinkedHashMap<>();
        List<PodSpec> pods = new ArrayList<>();
        for (Deployment d : client.apps().deployments().inNamespace(ns).list().getItems()) {
            boolean recreate = d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
            for (int i = 0; i < (recreate ? 1 : 2); i++) {
                pods.add(d.getSpec().getTemplate().getSpec());
            }
        }
        client.apps().statefulSets().inNamespace(ns).list().getItems().forEach(s -> pods.add(s.getSpec().getTemplate().getSpec()));
        client.batch().v1().jobs().inNamespace(ns).list().getItems().forEach(j -> pods.add(j.getSpec().getTemplate().getSpec()));
        assertTrue(pods.size() >= 4, "server, redis, database and setup Job: " + pods.size());
        for (PodSpec pod : pods) {
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    total.merge(kind + "." + resource, podAmount(pod, kind, resource), BigDecimal::add);
                }
            }
        }
        return total;
    }

    private static BigDecimal podAmount(PodSpec pod, String kind, String resource) {
        BigDecimal sum = pod.getContainers().stream().map(c -> amount(c, kind, resource)).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal init = Optional.ofNullable(pod.getInitContainers()).orElse(List.of()).stream()
                .map(c -> amount(c, kind, resource)).reduce(BigDecimal.ZERO, BigDecimal::max);
        return sum.max(init);
    }

    private static BigDecimal amount(Container c, String kind, String resource) {
        var r = c.getResources();
        Map<String, Quantity> m = r == null ? null : kind.equals("requests") ? r.getRequests() : r.getLimits();
        Quantity q = m == null ? null : m.get(resource);
        assertNotNull(q, c.getName() + " has no " + kind + "." + resource);
        return q.getNumericalAmount();
    }

    private static void assertFits(KubernetesClient client, String ns, Map<String, BigDecimal> peak, String mode) {
        ResourceQuota quota = client.resourceQuotas().inNamespace(ns).withName(Fabric8StoreCluster.QUOTA).get();
        peak.forEach((key, value) -> {
            BigDecimal hard = quota.getSpec().getHard().get(key).getNumericalAmount();
            assertTrue(value.compareTo(hard) <= 0, mode + ": " + key + " " + value + " over the quota's " + hard);
        });
        LimitRange limits = client.limitRanges().inNamespace(ns).withName(Fabric8StoreCluster.LIMITS).get();
        Map<String, Quantity> max = limits.getSpec().getLimits().get(0).getMax();
        Stream.concat(client.apps().deployments().inNamespace(ns).list().getItems().stream().map(d -> d.getSpec().getTemplate().getSpec()),
                client.apps().statefulSets().inNamespace(ns).list().getItems().stream().map(s -> s.getSpec().getTemplate().getSpec()))
                .flatMap(p -> Stream.concat(Optional.ofNullable(p.getInitContainers()).orElse(List.of()).stream(), p.getContainers().stream()))
                .forEach(c -> max.forEach((resource, cap) -> assertTrue(
                        amount(c, "limits", resource).compareTo(cap.getNumericalAmount()) <= 0,
                        mode + ": container " + c.getName() + " limit " + resource + " over the LimitRange's " + cap)));
        long claims = client.persistentVolumeClaims().inNamespace(ns).list().getItems().size();
        assertTrue(claims <= quota.getSpec().getHard().get("persistentvolumeclaims").getNumericalAmount().longValue(),
                mode + ": " + claims + " PVCs");
    }

    private static String readable(Map<String, BigDecimal> amounts) {
        List<String> parts = new ArrayList<>();
        amounts.forEach((key, value) -> parts.add(key + " " + (key.endsWith("memory")
                ? value.divide(BigDecimal.valueOf(1024 * 1024), 0, java.math.RoundingMode.HALF_UP) + " MiB"
                : value.stripTrailingZeros().toPlainString() + " CPU")));
        return String.join(", ", parts);
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int gzip(byte[] data) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.size();
    }
}
