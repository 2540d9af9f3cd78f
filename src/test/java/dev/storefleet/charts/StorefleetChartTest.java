package dev.storefleet.charts;

import static dev.storefleet.charts.ChartFixture.chartDir;
import static dev.storefleet.charts.ChartFixture.copyWithValues;
import static dev.storefleet.charts.ChartFixture.deleteTree;
import static dev.storefleet.charts.ChartFixture.lint;
import static dev.storefleet.charts.ChartFixture.ofKind;
import static dev.storefleet.charts.ChartFixture.parse;
import static dev.storefleet.charts.ChartFixture.template;
import static dev.storefleet.charts.ChartFixture.templateUncached;
import static dev.storefleet.charts.ChartFixture.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;
import dev.storefleet.testcluster.TestKubernetesApi;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane's chart, charts/storefleet: linted strictly, rendered with its defaults (H2
 * on a volume, one pod) and with Ingress, TLS and an external database, refused where two H2
 * writers could run, and installed, upgraded and uninstalled by the real Helm on the test API.
 * Its RBAC rules are checked against the engine's requests in {@link ControlPlaneRbacTest}.
 */
@Timeout(180)
class StorefleetChartTest {
    static final String CHART = "storefleet";
    static final String RELEASE = "storefleet";
    /** serve halts at most this long after SIGTERM (ServeCommand's BoundedShutdown limit). */
    static final int SERVE_SHUTDOWN_BOUND_SECONDS = 10;

    static final Map<String, Object> INGRESS_TLS_DATABASE = Map.of(
            "replicaCount", 2,
            "ingress", Map.of("enabled", true, "host", "storefleet.example.com",
                    "tls", Map.of("enabled", true, "clusterIssuer", "letsencrypt-prod")),
            "externalDatabase", Map.of("url", "postgresql://storefleet:s3cret-pass@db.example.com:5432/storefleet"));

    @TempDir
    Path dir;

    static List<HasMetadata> render(Map<String, Object> values) {
        return parse(template(CHART, RELEASE, values));
    }

    @Test
    void strictLintPassesWithDefaultsAndWithIngressTlsAndADatabase() {
        LintResult defaults = lint(chartDir(CHART));
        assertFalse(defaults.isFailed(), () -> defaults.getMessages().toString());
        assertTrue(defaults.getMessages().stream().noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]")),
                () -> defaults.getMessages().toString());
        Path copy = copyWithValues(CHART, INGRESS_TLS_DATABASE);
        try {
            LintResult configured = lint(copy);
            assertFalse(configured.isFailed(), () -> configured.getMessages().toString());
            assertTrue(configured.getMessages().stream().noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]")),
                    () -> configured.getMessages().toString());
        } finally {
            deleteTree(copy.getParent());
        }
    }

    @Test
    void defaultsRunOnePodOnAnH2VolumeThatNeverHasTwoWriters() {
        List<HasMetadata> objects = render(Map.of());
        assertEquals(Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Secret", "PersistentVolumeClaim",
                "Service", "Deployment"), objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet()));

        Deployment deployment = ofKind(objects, Deployment.class).get(0);
        assertEquals(1, deployment.getSpec().getReplicas());
        assertEquals("Recreate", deployment.getSpec().getStrategy().getType(), "the old pod lets go of the file first");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container serve = pod.getContainers().get(0);
        assertEquals("ghcr.io/storefleet/storefleet:" + appVersion(), serve.getImage());
        assertTrue(serve.getCommand().isEmpty(), "the image's ENTRYPOINT runs serve (exec form: SIGTERM reaches the JVM)");
        assertTrue(serve.getArgs().isEmpty());

        PersistentVolumeClaim claim = ofKind(objects, PersistentVolumeClaim.class).get(0);
        assertEquals("storefleet-data", claim.getMetadata().getName());
        assertEquals(List.of("ReadWriteOnce"), claim.getSpec().getAccessModes());
        assertEquals("keep", claim.getMetadata().getAnnotations().get("helm.sh/resource-policy"),
                "the fleet's state outlives an uninstall");
        assertEquals("storefleet-data", volume(pod, "data").getPersistentVolumeClaim().getClaimName());
        assertEquals("/data", env(serve, "STOREFLEET_HOME").getValue());
        assertEquals("/data", mountPath(serve, "data"));
        assertNull(env(serve, "DATABASE_URL"), "no DATABASE_URL: the H2 file");

        EnvVar jwt = env(serve, "JWT_SECRET");
        assertNull(jwt.getValue(), "the key comes from a Secret, never inline");
        assertEquals("storefleet-jwt", jwt.getValueFrom().getSecretKeyRef().getName());
        assertEquals("JWT_SECRET", jwt.getValueFrom().getSecretKeyRef().getKey());
        Secret secret = ofKind(objects, Secret.class).get(0);
        assertEquals("storefleet-jwt", secret.getMetadata().getName());
        String generated = decode(secret.getData().get("JWT_SECRET"));
        assertTrue(generated.length() >= 32, "an HS256 key of 32 bytes or more");
        String again = decode(ofKind(parse(templateUncached(CHART, RELEASE, Map.of())), Secret.class).get(0)
                .getData().get("JWT_SECRET"));
        assertNotEquals(generated, again, "generated, not baked into the chart");
    }

    @Test
    void thePodIsNonRootReadOnlyProbedAndGivenTimeToStop() {
        Deployment deployment = ofKind(render(Map.of()), Deployment.class).get(0);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container serve = pod.getContainers().get(0);

        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(10001L, pod.getSecurityContext().getRunAsUser(), "the image's numeric user");
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals(Boolean.TRUE, serve.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, serve.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), serve.getSecurityContext().getCapabilities().getDrop());
        assertNotNull(volume(pod, "tmp").getEmptyDir(), "/tmp is writable: Helm's native library is unpacked there");
        assertEquals("/tmp", mountPath(serve, "tmp"));

        assertEquals("/healthz", serve.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/healthz", serve.getStartupProbe().getHttpGet().getPath());
        assertEquals("/readyz", serve.getReadinessProbe().getHttpGet().getPath());
        for (var probe : List.of(serve.getLivenessProbe(), serve.getStartupProbe(), serve.getReadinessProbe())) {
            assertEquals("http", probe.getHttpGet().getPort().getStrVal());
        }
        assertEquals(5000, serve.getPorts().get(0).getContainerPort());
        assertEquals("5000", env(serve, "PORT").getValue());
        assertEquals("0.0.0.0", env(serve, "HOST").getValue());

        assertTrue(pod.getTerminationGracePeriodSeconds() > SERVE_SHUTDOWN_BOUND_SECONDS,
                "the kubelet waits longer than serve takes to stop");
        for (String kind : List.of("cpu", "memory")) {
            assertNotNull(serve.getResources().getRequests().get(kind), kind);
            assertNotNull(serve.getResources().getLimits().get(kind), kind);
        }
        assertEquals(Boolean.TRUE, pod.getAutomountServiceAccountToken(), "serve runs as the pod's service account");
        assertEquals(Boolean.FALSE, pod.getEnableServiceLinks(), "no STOREFLEET_* variables from Service links");
    }

    @Test
    void theServiceAccountIsBoundToTheClusterRoleWhichNamesEveryVerbAndResource() {
        List<HasMetadata> objects = render(Map.of());
        ServiceAccount account = ofKind(objects, ServiceAccount.class).get(0);
        Deployment deployment = ofKind(objects, Deployment.class).get(0);
        assertEquals(account.getMetadata().getName(), deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
        ClusterRole role = ofKind(objects, ClusterRole.class).get(0);
        ClusterRoleBinding binding = ofKind(objects, ClusterRoleBinding.class).get(0);
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals("ClusterRole", binding.getRoleRef().getKind());
        assertEquals(1, binding.getSubjects().size());
        assertEquals("ServiceAccount", binding.getSubjects().get(0).getKind());
        assertEquals(account.getMetadata().getName(), binding.getSubjects().get(0).getName());
        assertEquals(RELEASE, binding.getSubjects().get(0).getNamespace());
        role.getRules().forEach(rule -> {
            Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs()).flatMap(List::stream)
                    .forEach(word -> assertFalse(word.contains("*"), () -> "wildcard in " + rule));
            assertTrue(rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty(), rule::toString);
            assertFalse(rule.getVerbs().contains("escalate") || rule.getVerbs().contains("bind")
                    || rule.getVerbs().contains("impersonate"), rule::toString);
        });
        assertNotNull(role.getMetadata().getLabels().get("app.kubernetes.io/instance"));
        assertNull(deployment.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/part-of"),
                "part-of=storefleet marks the stores' pods, which the fleet watch follows");
    }

    @Test
    void ingressWithCertManagerTlsAndAnExternalDatabase() {
        List<HasMetadata> objects = render(INGRESS_TLS_DATABASE);
        assertTrue(ofKind(objects, PersistentVolumeClaim.class).isEmpty(), "the state lives in PostgreSQL");

        Ingress ingress = ofKind(objects, Ingress.class).get(0);
        assertEquals("letsencrypt-prod", ingress.getMetadata().getAnnotations().get("cert-manager.io/cluster-issuer"));
        assertEquals("traefik", ingress.getSpec().getIngressClassName());
        assertEquals(List.of("storefleet.example.com"), ingress.getSpec().getTls().get(0).getHosts());
        assertEquals("storefleet-tls", ingress.getSpec().getTls().get(0).getSecretName());
        assertEquals("storefleet.example.com", ingress.getSpec().getRules().get(0).getHost());
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        Service service = ofKind(objects, Service.class).get(0);
        assertEquals(service.getMetadata().getName(), backend.getName());
        assertEquals("http", backend.getPort().getName());

        Deployment deployment = ofKind(objects, Deployment.class).get(0);
        assertEquals(2, deployment.getSpec().getReplicas(), "instances share PostgreSQL");
        assertEquals("RollingUpdate", deployment.getSpec().getStrategy().getType());
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container serve = pod.getContainers().get(0);
        assertNotNull(volume(pod, "data").getEmptyDir(), "/data holds only unpacked charts, Helm's files and logs");
        EnvVar url = env(serve, "DATABASE_URL");
        assertNull(url.getValue());
        assertEquals("storefleet-database", url.getValueFrom().getSecretKeyRef().getName());
        assertEquals("DATABASE_URL", url.getValueFrom().getSecretKeyRef().getKey());
        assertEquals(Boolean.TRUE, env(serve, "DATABASE_PASSWORD").getValueFrom().getSecretKeyRef().getOptional());
        Secret database = ofKind(objects, Secret.class).stream()
                .filter(s -> s.getMetadata().getName().equals("storefleet-database")).findFirst().orElseThrow();
        assertEquals(INGRESS_TLS_DATABASE.get("externalDatabase") instanceof Map<?, ?> m ? m.get("url") : null,
                decode(database.getData().get("DATABASE_URL")));
    }

    @Test
    void secretsOfTheOperatorsOwnAreReferencedAndNoneIsMade() {
        List<HasMetadata> objects = render(Map.of("replicaCount", 3,
                "jwt", Map.of("existingSecret", "team-jwt", "existingSecretKey", "key"),
                "externalDatabase", Map.of("existingSecret", "team-db", "existingSecretUrlKey", "url",
                        "existingSecretPasswordKey", "password")));
        assertTrue(ofKind(objects, Secret.class).isEmpty(), "the chart makes no Secret of its own");
        Container serve = ofKind(objects, Deployment.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("team-jwt", env(serve, "JWT_SECRET").getValueFrom().getSecretKeyRef().getName());
        assertEquals("key", env(serve, "JWT_SECRET").getValueFrom().getSecretKeyRef().getKey());
        assertEquals("team-db", env(serve, "DATABASE_URL").getValueFrom().getSecretKeyRef().getName());
        assertEquals("url", env(serve, "DATABASE_URL").getValueFrom().getSecretKeyRef().getKey());
        assertEquals("password", env(serve, "DATABASE_PASSWORD").getValueFrom().getSecretKeyRef().getKey());
        assertEquals(3, ofKind(objects, Deployment.class).get(0).getSpec().getReplicas());
    }

    @Test
    void moreThanOneReplicaOnTheH2FileIsRefusedInWords() {
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> templateUncached(CHART, RELEASE, Map.of("replicaCount", 2)));
        assertTrue(refused.getMessage().contains("replicaCount is 2, but no externalDatabase is set"), refused.getMessage());
        assertTrue(refused.getMessage().contains("exactly one writer"), refused.getMessage());
        assertTrue(refused.getMessage().contains("Set externalDatabase.url"), refused.getMessage());

        RuntimeException both = assertThrows(RuntimeException.class, () -> templateUncached(CHART, RELEASE,
                values("externalDatabase", Map.of("url", "postgresql://db/x", "existingSecret", "db"))));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        RuntimeException noHost = assertThrows(RuntimeException.class, () -> templateUncached(CHART, RELEASE,
                values("ingress", Map.of("enabled", true))));
        assertTrue(noHost.getMessage().contains("ingress.enabled needs ingress.host"), noHost.getMessage());
        RuntimeException latest = assertThrows(RuntimeException.class, () -> templateUncached(CHART, RELEASE,
                values("image.tag", "latest")));
        assertTrue(latest.getMessage().contains("/image/tag"), latest.getMessage());
        RuntimeException shortKey = assertThrows(RuntimeException.class, () -> templateUncached(CHART, RELEASE,
                values("jwt.secret", "too-short")));
        assertTrue(shortKey.getMessage().contains("/jwt/secret"), shortKey.getMessage());
        RuntimeException quickKill = assertThrows(RuntimeException.class, () -> templateUncached(CHART, RELEASE,
                Map.of("terminationGracePeriodSeconds", SERVE_SHUTDOWN_BOUND_SECONDS)));
        assertTrue(quickKill.getMessage().contains("terminationGracePeriodSeconds"), quickKill.getMessage());
    }

    @Test
    void installsUpgradesAndUninstallsOnTheTestApiKeepingItsKeyAndItsData() throws Exception {
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            Path kubeconfig = api.kubeconfigFile(dir);
            Helm chart = new Helm(chartDir(CHART));
            Release installed = chart.install().withName(RELEASE).withNamespace("storefleet-system").createNamespace()
                    .withKubeConfig(kubeconfig).waitReady().withTimeout(60).call();
            assertEquals("deployed", installed.getStatus());

            KubernetesClient k = api.client();
            Deployment deployment = k.apps().deployments().inNamespace("storefleet-system").withName("storefleet").get();
            assertEquals(1, deployment.getStatus().getReadyReplicas());
            assertEquals("Bound", k.persistentVolumeClaims().inNamespace("storefleet-system").withName("storefleet-data")
                    .get().getStatus().getPhase());
            assertNotNull(k.serviceAccounts().inNamespace("storefleet-system").withName("storefleet").get());
            assertNotNull(k.rbac().clusterRoles().withName("storefleet").get());
            ClusterRoleBinding binding = k.rbac().clusterRoleBindings().withName("storefleet").get();
            assertEquals("storefleet-system", binding.getSubjects().get(0).getNamespace());
            String key = k.secrets().inNamespace("storefleet-system").withName("storefleet-jwt").get().getData().get("JWT_SECRET");

            Release upgraded = chart.upgrade().withName(RELEASE).withNamespace("storefleet-system")
                    .withKubeConfig(kubeconfig).set("storefleet.baseDomain", "shops.example.com").waitReady()
                    .withTimeout(60).call();
            assertEquals("2", upgraded.getRevision());
            assertEquals(key, k.secrets().inNamespace("storefleet-system").withName("storefleet-jwt").get().getData()
                    .get("JWT_SECRET"), "the generated key is kept: tokens already handed out stay valid");
            Container serve = k.apps().deployments().inNamespace("storefleet-system").withName("storefleet").get()
                    .getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("shops.example.com", env(serve, "STOREFLEET_BASE_DOMAIN").getValue());

            Helm.uninstall(RELEASE).withNamespace("storefleet-system").withKubeConfig(kubeconfig).call();
            assertNull(k.apps().deployments().inNamespace("storefleet-system").withName("storefleet").get());
            assertNull(k.rbac().clusterRoles().withName("storefleet").get());
            assertNotNull(k.persistentVolumeClaims().inNamespace("storefleet-system").withName("storefleet-data").get(),
                    "the H2 file's claim is kept");
        }
    }

    static String appVersion() {
        try {
            return Files.readAllLines(chartDir(CHART).resolve("Chart.yaml")).stream()
                    .filter(l -> l.startsWith("appVersion:")).map(l -> l.replaceAll("^appVersion: *\"?|\"$", ""))
                    .findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElse(null);
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    static String mountPath(Container c, String volume) {
        return c.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst().orElseThrow().getMountPath();
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
